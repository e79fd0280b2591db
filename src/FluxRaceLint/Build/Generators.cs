using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// The ConfigMaps and Secrets that a kustomization's configMapGenerator and secretGenerator create,
/// with their data read from the listed files, env files and literals. The objects are built in
/// memory and point at the generator entry, and each data key that comes from a file points at that file.
/// </summary>
internal static class Generators
{
    private const string ValuesFromNamePath = "spec/valuesFrom/name";

    /// <summary>Adds the generated objects to <paramref name="objects"/>, replacing or merging into a base object for 'behavior: replace' or 'merge'.</summary>
    public static void Add(RepositoryFiles files, string directory, SourceFile kustomization, YMapping config, List<BuiltObject> objects, List<InputProblem> problems, RunLog log)
    {
        if (config.Get("configMapGenerator") is not YSequence && config.Get("secretGenerator") is not YSequence)
            return;
        var global = Fields.Mapping(config, "generatorOptions");
        var rewritten = ValuesFromNameReferences(files, directory, config);
        var ordinal = 0;
        foreach (var (field, kind) in new[] { ("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret") })
        {
            foreach (var item in Fields.Sequence(config, field)?.Items.Take(files.Limits.MaxListEntries) ?? [])
            {
                ordinal++;
                if (item is not YMapping generator)
                    continue;
                if (Fields.String(generator, "name")?.Value is not { Length: > 0 } name)
                {
                    problems.Add(new InputProblem(kustomization.Path, generator.Start, generator.End, $"A {field} entry has no name, so kustomize fails to build '{kustomization.Path}'.", "Give the entry a name."));
                    continue;
                }

                var reader = new GeneratorReader(files, directory, generator);
                var data = reader.ReadData();
                foreach (var (key, reason) in reader.UnreadKeys)
                    log.Note($"not read: the value of key '{key}' of {kind} '{name}' in '{kustomization.Path}', which {reason}");
                var options = Fields.Mapping(generator, "options");
                var hashed = !(IsTrue(global, "disableNameSuffixHash") || IsTrue(options, "disableNameSuffixHash"));
                var generated = new GeneratedName(hashed, rewritten.Contains(kind), reader.UnreadKeys);
                var ns = Fields.String(generator, "namespace")?.Value;
                var behavior = Fields.String(generator, "behavior")?.Value ?? "create";
                var baseIndex = behavior is "merge" or "replace" ? objects.FindIndex(o => o.Object.Kind == kind && o.Object.Name == name && (ns is null || o.Namespace == ns)) : -1;
                if (data.Select(entry => entry.Key.Value).Distinct(StringComparer.Ordinal).Count() != data.Count)
                {
                    // kustomize fails the build, so no value of this object can be trusted.
                    log.Note($"not generated: {kind} '{name}' in '{kustomization.Path}' sets a key twice, so kustomize fails the build");
                    data = [.. data.Select(entry => entry with { Value = UnknownAt(entry.Value) }).DistinctBy(entry => entry.Key.Value), MoreKeys(generator)];
                }

                if (behavior is "merge" or "replace" && baseIndex < 0)
                {
                    log.Note($"not merged: {kind} '{name}' in '{kustomization.Path}' has behavior '{behavior}', but the build has no object of that name to combine it with, so kustomize fails the build");
                    data = [.. data, MoreKeys(generator)];
                }

                if (behavior == "merge" && baseIndex >= 0)
                {
                    var existing = objects[baseIndex];
                    data = [.. DataOf(existing.Object, kind).Where(old => data.All(added => added.Key.Value != old.Key.Value)), .. data];
                    ns ??= existing.Namespace;
                }

                var root = Root(generator, kind, name, ns, Labels(global, options, "labels"), Labels(global, options, "annotations"), data);
                var obj = KubeObject.FromGenerator(new YDocument(kustomization, -ordinal, root, generator.Start), generated);
                // kustomize appends a hash of the content, which the linter does not compute, so the
                // applied name is unknown; the object keeps its generator name for nameReference.
                var built = new BuiltObject(obj, hashed ? $"{name}-{UnknownValue.NameHash}" : name, ns);
                if (baseIndex >= 0)
                    objects[baseIndex] = built;
                else
                    objects.Add(built);
            }
        }
    }

    private static YScalar UnknownAt(YNode node) => new(UnknownValue.Data, false, node.Start, node.End) { Origin = node.Origin };

    /// <summary>A data entry that marks the object as possibly having further keys that the linter cannot list.</summary>
    private static YEntry MoreKeys(YMapping generator) =>
        new(new YScalar(UnknownValue.MoreKeys, false, generator.Start, generator.End) { Origin = generator.Origin }, UnknownAt(generator));

    private static bool IsTrue(YMapping? options, string key) => Fields.Bool(options, key)?.Value == true;

    private static IEnumerable<YEntry> DataOf(KubeObject obj, string kind) =>
        Fields.Mapping(obj.Root, kind == "Secret" ? "stringData" : "data")?.Entries ?? [];

    private static List<YEntry> Labels(YMapping? global, YMapping? options, string field) =>
        [.. Fields.Mapping(global, field)?.Entries ?? [], .. Fields.Mapping(options, field)?.Entries ?? []];

    /// <summary>
    /// Builds the object as kustomize emits it. A Secret's data is kept as stringData, in plain text,
    /// because the linter reads it and never applies it.
    /// </summary>
    private static YMapping Root(YMapping generator, string kind, string name, string? ns, List<YEntry> labels, List<YEntry> annotations, List<YEntry> data)
    {
        YScalar Text(string value) => new(value, true, generator.Start, generator.End) { Origin = generator.Origin };
        YMapping Mapping(List<YEntry> entries) => new(entries, generator.Start, generator.End) { Origin = generator.Origin };

        var metadata = new List<YEntry> { new(Text("name"), Text(name)) };
        if (ns is not null)
            metadata.Add(new YEntry(Text("namespace"), Text(ns)));
        if (labels.Count > 0)
            metadata.Add(new YEntry(Text("labels"), Mapping(labels)));
        if (annotations.Count > 0)
            metadata.Add(new YEntry(Text("annotations"), Mapping(annotations)));
        var root = new List<YEntry>
        {
            new(Text("apiVersion"), Text("v1")),
            new(Text("kind"), Text(kind)),
            new(Text("metadata"), Mapping(metadata)),
            new(Text(kind == "Secret" ? "stringData" : "data"), Mapping(data)),
        };
        if (kind == "Secret")
            root.Add(new YEntry(Text("type"), Fields.String(generator, "type") is { } type ? (YScalar)type.Node : Text("Opaque")));
        return Mapping(root);
    }

    /// <summary>
    /// Returns the kinds (ConfigMap, Secret) for which a file listed under 'configurations' has a
    /// nameReference to HelmRelease spec/valuesFrom/name, so kustomize rewrites those references to
    /// the generated names.
    /// </summary>
    /// <remarks>
    /// NOTE: only this kustomization's own configurations are read, but kustomize also applies those
    /// of the kustomizations that include this one. A reference that only such a parent rewrites is
    /// taken as not rewritten, so its values are reported as unread.
    /// </remarks>
    private static HashSet<string> ValuesFromNameReferences(RepositoryFiles files, string directory, YMapping config)
    {
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Fields.Sequence(config, "configurations")?.Items.OfType<YScalar>() ?? [])
        {
            var path = RepositoryFiles.Join(directory, entry.Value);
            if (path is null || files.GetKind(path) != EntryKind.File)
                continue;
            foreach (var document in files.GetFile(path).Documents)
            {
                foreach (var reference in Fields.Sequence(document.Root as YMapping, "nameReference")?.Items.OfType<YMapping>() ?? [])
                {
                    var referenced = Fields.String(reference, "kind")?.Value;
                    var specs = Fields.Sequence(reference, "fieldSpecs")?.Items.OfType<YMapping>() ?? [];
                    if (referenced is "ConfigMap" or "Secret" && specs.Any(IsValuesFromName))
                        kinds.Add(referenced);
                }
            }
        }

        return kinds;
    }

    private static bool IsValuesFromName(YMapping fieldSpec) =>
        Fields.String(fieldSpec, "path")?.Value.Trim('/') == ValuesFromNamePath
        && Fields.String(fieldSpec, "kind")?.Value is null or "HelmRelease";
}
