using System.Text;
using System.Text.RegularExpressions;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// Builds the ConfigMaps and Secrets of a kustomization's configMapGenerator and secretGenerator, so
/// that replacements and postBuild.substituteFrom can read their data. Each object is placed at its
/// generator entry in the kustomization file.
/// </summary>
/// <remarks>
/// Data follows kustomize's key-value loader: env files first, then literals, then files. A value
/// the linter cannot read (a missing file, a key taken from kustomize's own environment) is
/// <see cref="UnknownValue.Data"/>. When even the keys are unknown (an unreadable env file, a
/// malformed entry), the data also contains the key <see cref="UnknownValue.MoreKeys"/>.
/// </remarks>
internal static partial class Generators
{
    public static void Add(SourceFile file, YMapping config, string directory, RepositoryFiles files, RunLog log, List<BuiltObject> objects)
    {
        var global = config.Get("generatorOptions") as YMapping;
        var index = 0;
        foreach (var (key, kind) in new[] { ("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret") })
        {
            foreach (var item in (config.Get(key) as YSequence)?.Items ?? [])
            {
                index++;
                if (item is not YMapping entry)
                    continue;
                if (Fields.String(entry, "name") is not { } name)
                {
                    log.Note($"not generated: a {key} entry in '{file.Path}' has no name, so kustomize fails the build");
                    continue;
                }

                var generated = Generate(file, -index, entry, name, kind, global, directory, files, log);
                var behavior = Fields.String(entry, "behavior")?.Value ?? "create";
                if (behavior is "merge" or "replace")
                    Combine(generated, behavior == "merge", objects, file, log);
                else
                    objects.Add(generated);
            }
        }
    }

    private static BuiltObject Generate(SourceFile file, int documentIndex, YMapping entry, Field<string> name, string kind, YMapping? global, string directory, RepositoryFiles files, RunLog log)
    {
        var data = new List<KeyValuePair<string, string>>();
        var complete = ReadEnvFiles(entry, directory, files, file, log, data);
        complete &= ReadLiterals(entry, file, log, data);
        complete &= ReadFiles(entry, directory, files, file, log, data);
        if (data.Select(pair => pair.Key).Distinct(StringComparer.Ordinal).Count() != data.Count)
        {
            log.Note($"not generated: {kind} '{name.Value}' in '{file.Path}' sets a key twice, so kustomize fails the build");
            complete = false;
        }

        var local = entry.Get("options") as YMapping;
        var labels = MergeOptions(Fields.Mapping(local, "labels"), Fields.Mapping(global, "labels"));
        var annotations = MergeOptions(Fields.Mapping(local, "annotations"), Fields.Mapping(global, "annotations"));
        var hashed = Fields.Bool(local, "disableNameSuffixHash")?.Value != true && Fields.Bool(global, "disableNameSuffixHash")?.Value != true;
        var ns = Fields.String(entry, "namespace")?.Value;
        var type = kind == "Secret" ? Fields.String(entry, "type")?.Value ?? "Opaque" : null;
        var obj = Synthesize(file, documentIndex, name.Node, kind, name.Value, ns, labels, annotations, type, data, complete);
        return new BuiltObject(obj, hashed ? HashedName(name.Value) : name.Value, ns);
    }

    /// <summary>kustomize appends a hash of the content to the name, which the linter does not compute.</summary>
    private static string HashedName(string name) => $"{name}-{UnknownValue.NameHash}";

    /// <summary>
    /// Applies a generator with behavior merge or replace to the object of the same kind and name
    /// that the kustomization's resources already contain.
    /// </summary>
    private static void Combine(BuiltObject generated, bool merge, List<BuiltObject> objects, SourceFile file, RunLog log)
    {
        var obj = generated.Object;
        var matches = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            var candidate = objects[i];
            if (candidate.Object.Kind != obj.Kind || candidate.Object.Group.Length != 0)
                continue;
            var sameName = candidate.Object.Name == obj.Name || candidate.Name == obj.Name;
            var sameNamespace = obj.Namespace is null || obj.Namespace == candidate.Namespace || obj.Namespace == candidate.Object.Namespace;
            if (sameName && sameNamespace)
                matches.Add(i);
        }

        var data = ConfigData.Read(obj);
        if (matches.Count != 1)
        {
            // kustomize fails the build. The object is kept with unknown data, so that nothing reads it as empty.
            log.Note($"not merged: {obj.Kind} '{obj.Name}' in '{file.Path}' has behavior '{(merge ? "merge" : "replace")}', but the build has {matches.Count} objects of that name to combine it with");
            objects.Add(generated with { Object = WithData(obj, data.Values, complete: false) });
            return;
        }

        var index = matches[0];
        var existing = objects[index];
        var combined = merge ? new Dictionary<string, string>(ConfigData.Read(existing.Object).Values, StringComparer.Ordinal) : [];
        foreach (var pair in data.Values)
            combined[pair.Key] = pair.Value;
        var complete = data.IsComplete && (!merge || ConfigData.Read(existing.Object).IsComplete);

        // NOTE: whether the combined object keeps the base's hash suffix is not modelled. A hash
        // suffix on either side makes the combined name unknown, which is the cautious choice.
        var hashed = generated.Name != obj.Name || existing.Name != existing.Object.Name;
        var name = hashed && existing.Name is { } baseName && !baseName.Contains(UnknownValue.NameHash, StringComparison.Ordinal)
            ? HashedName(baseName)
            : existing.Name;
        objects[index] = existing with { Object = WithData(existing.Object, combined, complete), Name = name };
    }

    private static bool ReadEnvFiles(YMapping entry, string directory, RepositoryFiles files, SourceFile file, RunLog log, List<KeyValuePair<string, string>> data)
    {
        var paths = (Fields.Sequence(entry, "envs")?.Items ?? []).OfType<YScalar>().Select(s => s.Value).ToList();
        if (Fields.String(entry, "env")?.Value is { } legacy)
            paths.Insert(0, legacy);
        var complete = true;
        foreach (var reference in paths)
        {
            var path = RepositoryFiles.Join(directory, reference);
            var text = path is null ? null : files.ReadText(path);
            if (text is null)
            {
                log.Note($"not read: env file '{reference}' of a generator in '{file.Path}', so the keys it sets are unknown");
                complete = false;
                continue;
            }

            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (i == 0)
                    line = line.TrimStart('\uFEFF');
                line = line.TrimStart();
                if (line.Length == 0 || line[0] == '#')
                    continue;
                var equals = line.IndexOf('=');
                var key = equals < 0 ? line : line[..equals];
                if (!EnvironmentVariableName().IsMatch(key))
                {
                    log.Note($"not read: line {i + 1} of env file '{path}' has the invalid key '{key}', so kustomize fails the build");
                    complete = false;
                    continue;
                }

                // A line without '=' takes its value from kustomize's environment, which the linter cannot see.
                data.Add(new(key, equals < 0 ? UnknownValue.Data : line[(equals + 1)..]));
            }
        }

        return complete;
    }

    private static bool ReadLiterals(YMapping entry, SourceFile file, RunLog log, List<KeyValuePair<string, string>> data)
    {
        var complete = true;
        foreach (var literal in (Fields.Sequence(entry, "literals")?.Items ?? []).OfType<YScalar>())
        {
            var equals = literal.Value.IndexOf('=');
            if (equals <= 0)
            {
                log.Note($"not read: the literal '{literal.Value}' in '{file.Path}' is not key=value, so kustomize fails the build");
                complete = false;
                continue;
            }

            data.Add(new(literal.Value[..equals], literal.Value[(equals + 1)..].Trim('"', '\'')));
        }

        return complete;
    }

    private static bool ReadFiles(YMapping entry, string directory, RepositoryFiles files, SourceFile file, RunLog log, List<KeyValuePair<string, string>> data)
    {
        var complete = true;
        foreach (var source in (Fields.Sequence(entry, "files")?.Items ?? []).OfType<YScalar>())
        {
            var text = source.Value;
            var separators = text.Count(c => c == '=');
            if (separators > 1 || text.StartsWith('=') || text.EndsWith('='))
            {
                log.Note($"not read: the file source '{text}' in '{file.Path}' is not [key=]path, so kustomize fails the build");
                complete = false;
                continue;
            }

            var reference = separators == 0 ? text : text[(text.IndexOf('=') + 1)..];
            var key = separators == 0 ? RepositoryFiles.FileName(reference.TrimEnd('/')) : text[..text.IndexOf('=')];
            var path = RepositoryFiles.Join(directory, reference);
            var content = path is null ? null : files.ReadText(path);
            if (content is null)
                log.Note($"not read: file '{reference}' of a generator in '{file.Path}', so the value of key '{key}' is unknown");
            data.Add(new(key, content is null ? UnknownValue.Data : TrailingBlanks().Replace(content, "\n")));
        }

        return complete;
    }

    /// <summary>Merges labels or annotations: the entry's options win, and the kustomization's generatorOptions add the keys the entry lacks.</summary>
    private static List<KeyValuePair<string, string>> MergeOptions(YMapping? local, YMapping? global)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var mapping in new[] { local, global })
        {
            foreach (var entry in mapping?.Entries ?? [])
            {
                if (entry.Value is YScalar value && !result.Any(pair => pair.Key == entry.Key.Value))
                    result.Add(new(entry.Key.Value, value.Value));
            }
        }

        return result;
    }

    private static KubeObject Synthesize(SourceFile file, int documentIndex, YNode anchor, string kind, string name, string? ns, List<KeyValuePair<string, string>> labels, List<KeyValuePair<string, string>> annotations, string? type, IEnumerable<KeyValuePair<string, string>> data, bool complete)
    {
        YScalar Text(string value) => new(value, false, anchor.Start, anchor.End);
        YMapping Map(IEnumerable<(string Key, YNode Value)> entries) => new([.. entries.Select(e => new YEntry(Text(e.Key), e.Value))], anchor.Start, anchor.End);

        var metadata = new List<(string, YNode)> { ("name", Text(name)) };
        if (ns is not null)
            metadata.Add(("namespace", Text(ns)));
        if (labels.Count > 0)
            metadata.Add(("labels", Map(labels.Select(l => (l.Key, (YNode)Text(l.Value))))));
        if (annotations.Count > 0)
            metadata.Add(("annotations", Map(annotations.Select(a => (a.Key, (YNode)Text(a.Value))))));

        var root = new List<(string, YNode)> { ("apiVersion", Text("v1")), ("kind", Text(kind)), ("metadata", Map(metadata)) };
        if (type is not null)
            root.Add(("type", Text(type)));
        root.Add(("data", Map(DataEntries(kind, data, complete).Select(d => (d.Key, (YNode)Text(d.Value))))));
        var document = new YDocument(file, documentIndex, Map(root), anchor.Start);
        return KubeObject.FromDocument(document, out _)!;
    }

    /// <summary>Returns the object with its data replaced, keeping its metadata.</summary>
    private static KubeObject WithData(KubeObject obj, IEnumerable<KeyValuePair<string, string>> data, bool complete)
    {
        var anchor = obj.Root;
        var entries = DataEntries(obj.Kind, data, complete)
            .Select(d => new YEntry(new YScalar(d.Key, false, anchor.Start, anchor.End), new YScalar(d.Value, false, anchor.Start, anchor.End)))
            .ToList();
        var root = obj.Root.Entries.Where(e => e.Key.Value is not ("data" or "stringData")).ToList();
        root.Add(new YEntry(new YScalar("data", false, anchor.Start, anchor.End), new YMapping(entries, anchor.Start, anchor.End)));
        return obj.WithRoot(new YMapping(root, obj.Root.Start, obj.Root.End) { Origin = obj.Root.Origin });
    }

    /// <summary>Returns the data entries to write: base64 values for a Secret, as kustomize writes them, and plain text for a ConfigMap.</summary>
    private static IEnumerable<KeyValuePair<string, string>> DataEntries(string kind, IEnumerable<KeyValuePair<string, string>> data, bool complete)
    {
        foreach (var pair in data)
        {
            if (pair.Key == UnknownValue.MoreKeys)
                continue;
            yield return kind == "Secret" ? new(pair.Key, Convert.ToBase64String(Encoding.UTF8.GetBytes(pair.Value))) : pair;
        }

        if (!complete)
            yield return new(UnknownValue.MoreKeys, UnknownValue.Data);
    }

    /// <summary>Kubernetes' rule for environment variable names, which kustomize checks in env files.</summary>
    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvironmentVariableName();

    /// <summary>kustomize trims spaces and tabs at the end of each line of a file source.</summary>
    [GeneratedRegex("[ \t]*\n")]
    private static partial Regex TrailingBlanks();
}
