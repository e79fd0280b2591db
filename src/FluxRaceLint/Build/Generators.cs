using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// The ConfigMaps and Secrets that a kustomization's configMapGenerator and secretGenerator create,
/// with their data read from the listed files, env files and literals. The objects are built in
/// memory and point at the generator entry, and each data key that comes from a file points at that file.
/// </summary>
internal static partial class Generators
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

        // Indexes of the objects by kind and name, so that each merge or replace finds its base
        // without a scan of every object.
        var byName = new Dictionary<(string Kind, string? Name), List<int>>();
        void Index(int index)
        {
            var key = (objects[index].Object.Kind, objects[index].Object.Name);
            if (!byName.TryGetValue(key, out var list))
                byName[key] = list = [];
            list.Add(index);
        }

        for (var i = 0; i < objects.Count; i++)
            Index(i);

        // The data that merges write into one object is gathered, and each such object is built once
        // at the end, because building it on every merge would copy all its data each time.
        var merged = new Dictionary<int, MergedObject>();
        void Materialize(int index)
        {
            if (merged.Remove(index, out var pending))
                objects[index] = pending.Build(kustomization, rewritten.Contains(pending.Kind));
        }

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
                var unreadKeys = new Dictionary<string, string>(reader.UnreadKeys, StringComparer.Ordinal);
                foreach (var (key, reason) in reader.UnreadKeys)
                    log.Note($"not read: the value of key '{key}' of {kind} '{name}' in '{kustomization.Path}', which {reason}");
                var options = Fields.Mapping(generator, "options");
                var hashed = !(IsTrue(global, "disableNameSuffixHash") || IsTrue(options, "disableNameSuffixHash"));
                var ns = Fields.String(generator, "namespace")?.Value;
                var behavior = Fields.String(generator, "behavior")?.Value ?? "create";
                var bases = behavior is "merge" or "replace"
                    ? (byName.GetValueOrDefault((kind, name)) ?? []).Where(i => ns is null || (merged.GetValueOrDefault(i)?.Namespace ?? objects[i].Namespace) == ns).ToList()
                    : [];
                if (data.Select(entry => entry.Key.Value).Distinct(StringComparer.Ordinal).Count() != data.Count)
                {
                    // kustomize fails the build, so no value of this object can be trusted.
                    log.Note($"not generated: {kind} '{name}' in '{kustomization.Path}' sets a key twice, so kustomize fails the build");
                    data = [.. data.Select(entry => entry with { Value = UnknownAt(entry.Value) }).DistinctBy(entry => entry.Key.Value), MoreKeys(generator)];
                    foreach (var entry in data)
                        unreadKeys[entry.Key.Value] = "belongs to a generator that sets a key twice, which fails the kustomize build";
                }

                if (behavior is "merge" or "replace" && bases.Count != 1)
                {
                    var found = bases.Count == 0 ? "no object" : $"{bases.Count} objects";
                    log.Note($"not merged: {kind} '{name}' in '{kustomization.Path}' has behavior '{behavior}', but the build has {found} of that name to combine it with instead of exactly one, so kustomize fails the build");
                    data = [.. data, MoreKeys(generator)];
                }

                var baseIndex = bases.Count > 0 ? bases[0] : -1;
                if (behavior == "merge" && baseIndex >= 0)
                {
                    var step = new MergeStep(generator, ns, hashed, ordinal, Fields.Mapping(global, "labels")?.Entries, Fields.Mapping(options, "labels")?.Entries, Fields.Mapping(global, "annotations")?.Entries, Fields.Mapping(options, "annotations")?.Entries);
                    if (merged.TryGetValue(baseIndex, out var pending))
                        pending.Merge(step, data, unreadKeys);
                    else
                        merged[baseIndex] = MergedObject.Start(objects[baseIndex], kind, name, step, data, unreadKeys);
                    continue;
                }

                if (baseIndex >= 0)
                    Materialize(baseIndex);
                var baseObject = baseIndex >= 0 ? objects[baseIndex].Object : null;

                // kustomize keeps the base's labels and annotations for merge and replace; the generator's values win.
                var labels = Merged(Metadata(baseObject, "labels"), Fields.Mapping(global, "labels")?.Entries, Fields.Mapping(options, "labels")?.Entries);
                var annotations = Merged(Metadata(baseObject, "annotations"), Fields.Mapping(global, "annotations")?.Entries, Fields.Mapping(options, "annotations")?.Entries);
                var generated = new GeneratedName(hashed, rewritten.Contains(kind), unreadKeys);
                var root = Root(generator, kind, name, ns, labels, annotations, data);
                var obj = KubeObject.FromGenerator(new YDocument(kustomization, -ordinal, root, generator.Start), generated);
                // kustomize appends a hash of the content, which the linter does not compute, so the
                // applied name is unknown. The object keeps its generator name for nameReference.
                var built = new BuiltObject(obj, hashed ? $"{name}-{UnknownValue.NameHash}" : name, ns);
                if (baseIndex >= 0)
                {
                    objects[baseIndex] = built;
                }
                else
                {
                    objects.Add(built);
                    Index(objects.Count - 1);
                }
            }
        }

        foreach (var index in merged.Keys.ToList())
            Materialize(index);
    }

    /// <summary>
    /// Returns the data of the base object of a merge as generator entries: a Secret's base64 data
    /// decoded, stringData taking precedence. Each entry keeps the base's node for its position, and
    /// the base's unread keys are copied into <paramref name="unreadKeys"/>. Data the linter cannot
    /// read, or may not list in full, adds the marker for further unknown keys.
    /// </summary>
    private static List<YEntry> BaseData(KubeObject baseObject, YMapping generator, Dictionary<string, string> unreadKeys)
    {
        var data = ConfigData.Read(baseObject);
        var result = new List<YEntry>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in baseObject.Kind == "Secret" ? new[] { "stringData", "data" } : ["data"])
        {
            foreach (var entry in Fields.Mapping(baseObject.Root, section)?.Entries ?? [])
            {
                var key = entry.Key.Value;
                if (key == UnknownValue.MoreKeys || !keys.Add(key))
                    continue;
                YNode value;
                if (!data.Values.TryGetValue(key, out var text))
                    value = UnknownAt(entry.Value);
                else if (entry.Value is YScalar scalar && scalar.Value == text)
                    value = scalar;
                else
                    value = new YScalar(text, false, entry.Value.Start, entry.Value.End) { Origin = entry.Value.Origin };
                result.Add(new YEntry(entry.Key, value));
                if (baseObject.Generated?.UnreadKeys.TryGetValue(key, out var reason) == true)
                    unreadKeys.TryAdd(key, reason);
            }
        }

        if (!data.IsReadable || !data.IsComplete)
            result.Add(MoreKeys(generator));
        return result;
    }

    private static IEnumerable<YEntry>? Metadata(KubeObject? obj, string field) =>
        Fields.Mapping(Fields.Mapping(obj?.Root, "metadata"), field)?.Entries;

    /// <summary>Merges label or annotation maps in order, so a later map's value wins for the same key.</summary>
    private static List<YEntry> Merged(params IEnumerable<YEntry>?[] maps)
    {
        var result = new List<YEntry>();
        foreach (var entry in maps.SelectMany(map => map ?? []))
        {
            var index = result.FindIndex(existing => existing.Key.Value == entry.Key.Value);
            if (index >= 0)
                result[index] = entry;
            else
                result.Add(entry);
        }

        return result;
    }

    private static YScalar UnknownAt(YNode node) => new(UnknownValue.Data, false, node.Start, node.End) { Origin = node.Origin };

    /// <summary>A data entry that marks the object as possibly having further keys that the linter cannot list.</summary>
    private static YEntry MoreKeys(YMapping generator) =>
        new(new YScalar(UnknownValue.MoreKeys, false, generator.Start, generator.End) { Origin = generator.Origin }, UnknownAt(generator));

    private static bool IsTrue(YMapping? options, string key) => Fields.Bool(options, key)?.Value == true;

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
