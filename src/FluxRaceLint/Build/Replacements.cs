using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// Selects objects of a build the way kustomize's replacement selectors do: group, version, kind, name
/// and namespace compared exactly (an empty field matches anything), plus label and annotation selectors.
/// </summary>
internal sealed record ResourceSelector(string? Group, string? Version, string? Kind, string? Name, string? Namespace, LabelSelector? Labels, LabelSelector? Annotations)
{
    public bool HasId => Group is not null || Version is not null || Kind is not null || Name is not null || Namespace is not null;

    public bool HasMetadataSelector => Labels is not null || Annotations is not null;

    /// <summary>
    /// Returns whether one of the object's identities matches: the name and namespace the build gives
    /// it, or the ones written in its manifest. kustomize selects by either.
    /// </summary>
    public bool MatchesId(BuiltObject built) =>
        Ids(built).Any(id => MatchesId(built.Object, id.Name, id.Namespace));

    public bool MatchesId(KubeObject obj, string? name, string? ns)
    {
        if (Group is not null && Group != obj.Group)
            return false;
        if (Version is not null && Version != obj.Version)
            return false;
        if (Kind is not null && Kind != obj.Kind)
            return false;
        if (Name is not null && Name != name)
            return false;
        return Namespace is null || EffectiveNamespace(obj, Namespace) == EffectiveNamespace(obj, ns);
    }

    public bool MatchesMetadata(KubeObject obj) =>
        (Labels is null || Labels.Matches(obj.Label)) && (Annotations is null || Annotations.Matches(obj.Annotation));

    public static IEnumerable<(string? Name, string? Namespace)> Ids(BuiltObject built)
    {
        yield return (built.Name, built.Namespace);
        if (built.Name != built.Object.Name || built.Namespace != built.Object.Namespace)
            yield return (built.Object.Name, built.Object.Namespace);
    }

    /// <summary>Returns the namespace kustomize compares: an empty one becomes 'default', and cluster-scoped kinds have none.</summary>
    private static string EffectiveNamespace(KubeObject obj, string? ns) =>
        ApiGroups.IsClusterScoped(obj.Group, obj.Kind) ? "" : string.IsNullOrEmpty(ns) ? "default" : ns;

    public override string ToString()
    {
        var parts = new[] { ("group", Group), ("version", Version), ("kind", Kind), ("name", Name), ("namespace", Namespace) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1} '{p.Item2}'");
        return string.Join(", ", parts);
    }
}

/// <summary>Where a replacement reads its value: one object of the build and a field of it.</summary>
internal sealed record ReplacementSource(ResourceSelector Selector, string FieldPath, string? Delimiter, int Index);

/// <summary>Where a replacement writes its value: the selected objects that no reject entry matches, at each field path.</summary>
internal sealed record ReplacementTarget(ResourceSelector Select, IReadOnlyList<ResourceSelector> Reject, IReadOnlyList<string> FieldPaths, string? Delimiter, int Index, bool Create);

/// <summary>One entry of a kustomization's replacements. <see cref="Invalid"/> is the reason kustomize rejects it, or null.</summary>
internal sealed record Replacement(ReplacementSource? Source, IReadOnlyList<ReplacementTarget> Targets, string Owner, string? Invalid);

/// <summary>
/// Reads and applies kustomize 'replacements': each copies one field of one object of the build into
/// fields of other objects, after the kustomization's patches, namespace and name transformers.
/// </summary>
/// <remarks>
/// When the source or its field cannot be read from the build (an object that a remote base or a
/// Helm chart would add, or a kustomize error), the targets get <see cref="UnknownValue.Replacement"/>
/// instead of keeping their value, so that no rule judges a value kustomize would have replaced.
/// NOTE: for the kustomization at a Flux Kustomization's path, kustomize-controller merges
/// spec.patches and spec.targetNamespace into it, so they run before its replacements. The builder
/// applies them afterwards, which matters only when both touch the same field.
/// </remarks>
internal static class Replacements
{
    private const string DefaultFieldPath = "metadata.name";

    public static List<Replacement> Read(SourceFile owner, YSequence? entries, Func<string, SourceFile?> loadFile, List<InputProblem> problems, ReadLimits limits)
    {
        var result = new List<Replacement>();
        foreach (var item in entries?.Items.Take(limits.MaxListEntries) ?? [])
        {
            if (item is not YMapping entry)
            {
                result.Add(new Replacement(null, [], owner.Path, "an entry is not a mapping"));
                continue;
            }

            if (Fields.String(entry, "path") is not { } path)
            {
                result.Add(ReadOne(entry, owner.Path));
                continue;
            }

            if (entry.Get("source") is not null || entry.Get("targets") is not null)
            {
                result.Add(new Replacement(null, [], owner.Path, $"the entry with path '{path.Value}' also has a source or targets"));
                continue;
            }

            if (loadFile(path.Value) is not { } file)
            {
                problems.Add(new InputProblem(
                    (path.Node.Origin ?? owner).Path,
                    path.Node.Start,
                    path.Node.End,
                    $"The replacement file '{path.Value}' is not a file of this repository, so kustomize fails to build '{owner.Path}'.",
                    "Fix the path; it is relative to the folder of the kustomization file."));
                continue;
            }

            // A replacement file contains either one replacement or a list of them.
            switch (file.Documents.FirstOrDefault()?.Root)
            {
                case YSequence list:
                    result.AddRange(list.Items.Take(limits.MaxListEntries).Select(r => r is YMapping m ? ReadOne(m, file.Path) : new Replacement(null, [], file.Path, "an entry is not a mapping")));
                    break;
                case YMapping single:
                    result.Add(ReadOne(single, file.Path));
                    break;
                default:
                    result.Add(new Replacement(null, [], file.Path, "the file holds no replacement"));
                    break;
            }
        }

        return result;
    }

    /// <summary>Applies the replacements in order to the objects of one kustomization, each seeing the results of those before it.</summary>
    public static void Apply(List<BuiltObject> objects, IReadOnlyList<Replacement> replacements, RunLog log)
    {
        foreach (var replacement in replacements)
        {
            if (replacement.Invalid is { } invalid)
            {
                log.Note($"not evaluated: a replacement in '{replacement.Owner}' is invalid ({invalid}), so kustomize fails the build");
                continue;
            }

            var value = ReadSource(objects, replacement.Source!, out var unknownReason);
            if (value is null)
                log.Note($"unknown: the value of a replacement in '{replacement.Owner}', because {unknownReason}; the fields it sets are unknown");
            foreach (var target in replacement.Targets)
                ApplyTarget(objects, target, value, replacement.Owner, log);
        }
    }

    private static Replacement ReadOne(YMapping entry, string owner)
    {
        if (entry.Get("source") is not YMapping source)
            return new Replacement(null, [], owner, "it has no source");
        if (Fields.Sequence(entry, "targets") is not { Items.Count: > 0 } targets)
            return new Replacement(null, [], owner, "it has no targets");

        var options = Fields.Mapping(source, "options");
        var replacementSource = new ReplacementSource(
            ReadSelector(source),
            Fields.String(source, "fieldPath")?.Value ?? DefaultFieldPath,
            Fields.String(options, "delimiter")?.Value,
            ReadIndex(options));

        var readTargets = new List<ReplacementTarget>();
        foreach (var item in targets.Items)
        {
            if (item is not YMapping target || Fields.Mapping(target, "select") is not { } select)
                return new Replacement(null, [], owner, "a target has no select");
            var targetOptions = Fields.Mapping(target, "options");
            var fieldPaths = (Fields.Sequence(target, "fieldPaths")?.Items ?? []).OfType<YScalar>().Select(s => s.Value).ToList();
            readTargets.Add(new ReplacementTarget(
                ReadSelector(select),
                [.. (Fields.Sequence(target, "reject")?.Items ?? []).OfType<YMapping>().Select(ReadSelector)],
                fieldPaths.Count > 0 ? fieldPaths : [DefaultFieldPath],
                Fields.String(targetOptions, "delimiter")?.Value,
                ReadIndex(targetOptions),
                Fields.Bool(targetOptions, "create")?.Value == true));
        }

        return new Replacement(replacementSource, readTargets, owner, null);
    }

    private static ResourceSelector ReadSelector(YMapping selector) => new(
        Fields.String(selector, "group")?.Value,
        Fields.String(selector, "version")?.Value,
        Fields.String(selector, "kind")?.Value,
        Fields.String(selector, "name")?.Value,
        Fields.String(selector, "namespace")?.Value,
        Fields.String(selector, "labelSelector")?.Value is { } labels ? LabelSelector.Parse(labels) ?? LabelSelector.Nothing : null,
        Fields.String(selector, "annotationSelector")?.Value is { } annotations ? LabelSelector.Parse(annotations) ?? LabelSelector.Nothing : null);

    private static int ReadIndex(YMapping? options) =>
        Fields.String(options, "index")?.Value is { } text && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : 0;

    /// <summary>Returns the source value, or null with the reason it is unknown.</summary>
    private static YNode? ReadSource(List<BuiltObject> objects, ReplacementSource source, out string reason)
    {
        reason = "";
        var matches = objects.Where(o => source.Selector.MatchesId(o)).ToList();
        if (matches.Count != 1)
        {
            // With none, kustomize fails, unless the object comes from a remote base or a chart that the linter does not read.
            reason = matches.Count == 0
                ? $"no object of the build matches the source ({source.Selector})"
                : $"{matches.Count} objects match the source ({source.Selector}), so kustomize fails the build";
            return null;
        }

        var built = matches[0];
        YNode? node;
        if (source.FieldPath is "metadata.name" or "metadata.namespace")
        {
            // The build keeps transformed names and namespaces beside the manifest, not in it.
            var text = source.FieldPath == "metadata.name" ? built.Name : built.Namespace;
            node = text is null ? null : new YScalar(text, false, built.Object.Root.Start, built.Object.Root.Start) { Origin = built.Object.File };
        }
        else if (FieldPath.Parse(source.FieldPath) is { HasWildcard: false } path)
        {
            node = path.Lookup(built.Object.Root);
        }
        else
        {
            reason = $"the source field path '{source.FieldPath}' is not supported";
            return null;
        }

        if (node is null or YScalar { IsNull: true } or YMapping { Entries.Count: 0 } or YSequence { Items.Count: 0 })
        {
            reason = $"the source field '{source.FieldPath}' of {built.Object.Kind} '{built.Name}' is missing, so kustomize fails the build";
            return null;
        }

        if (source.Delimiter is not { Length: > 0 } delimiter)
            return WithOrigin(node, built.Object.File);
        if (node is not YScalar scalar)
        {
            reason = "a delimiter is given for a source field that is not a string";
            return null;
        }

        var parts = scalar.Value.Split(delimiter);
        if (source.Index < 0 || source.Index >= parts.Length)
        {
            reason = $"index {source.Index} is out of range for '{scalar.Value}', so kustomize fails the build";
            return null;
        }

        return new YScalar(parts[source.Index], scalar.IsPlain, scalar.Start, scalar.End) { Origin = scalar.Origin ?? built.Object.File };
    }

    private static void ApplyTarget(List<BuiltObject> objects, ReplacementTarget target, YNode? value, string owner, RunLog log)
    {
        for (var i = 0; i < objects.Count; i++)
        {
            var built = objects[i];
            if (!IsTargeted(built, target))
                continue;
            foreach (var text in target.FieldPaths)
            {
                if (FieldPath.Parse(text) is not { } path || (target.Create && path.HasWildcard))
                {
                    log.Note($"not evaluated: the target field path '{text}' of a replacement in '{owner}' is not supported; {built.Object.Kind} '{built.Name}' keeps its value there");
                    continue;
                }

                if (value is null && target.Create && path.Lookup(built.Object.Root) is null)
                {
                    // The shape of an unknown value is unknown, so no field is made up for it.
                    log.Note($"not evaluated: a replacement in '{owner}' would create '{text}' in {built.Object.Kind} '{built.Name}' with an unknown value");
                    continue;
                }

                var root = path.Rewrite(built.Object.Root, node => Replace(node, value, target), target.Create, out var matched);
                if (matched == 0)
                    continue;
                built = built with { Object = built.Object.WithRoot((YMapping)root) };
                if (text is "metadata.name" or "metadata.namespace")
                {
                    var written = (FieldPath.Parse(text)!.Lookup(root) as YScalar)?.Value;
                    built = text == "metadata.name" ? built with { Name = written } : built with { Namespace = written };
                }
            }

            objects[i] = built;
        }
    }

    /// <summary>kustomize targets an object when one of its identities is selected and not rejected.</summary>
    private static bool IsTargeted(BuiltObject built, ReplacementTarget target)
    {
        if (!target.Select.MatchesMetadata(built.Object))
            return false;
        if (target.Reject.Any(r => r.HasMetadataSelector && r.MatchesMetadata(built.Object)))
            return false;
        return ResourceSelector.Ids(built).Any(id =>
            target.Select.MatchesId(built.Object, id.Name, id.Namespace)
            && !target.Reject.Any(r => r.HasId && r.MatchesId(built.Object, id.Name, id.Namespace)));
    }

    /// <summary>Returns the new node for one matched target node, as kustomize's setTargetValue writes it.</summary>
    private static YNode Replace(YNode target, YNode? value, ReplacementTarget options)
    {
        if (value is null)
            return MarkUnknown(target);
        if (options.Delimiter is { Length: > 0 } delimiter)
        {
            if (target is not YScalar targetScalar || value is not YScalar valueScalar)
                return MarkUnknown(target);
            var parts = targetScalar.Value.Split(delimiter).ToList();
            if (options.Index < 0)
                parts.Insert(0, valueScalar.Value);
            else if (options.Index >= parts.Count)
                parts.Add(valueScalar.Value);
            else
                parts[options.Index] = valueScalar.Value;
            return new YScalar(string.Join(delimiter, parts), targetScalar.IsPlain, targetScalar.Start, targetScalar.End) { Origin = targetScalar.Origin };
        }

        // A scalar target keeps its own style and takes only the text. Anything else is replaced whole.
        if (target is YScalar scalar && value is YScalar text)
            return new YScalar(text.Value, scalar.IsPlain, scalar.Start, scalar.End) { Origin = scalar.Origin };
        return value;
    }

    /// <summary>Copies a source node so that, placed in another object, its positions still refer to the source's file.</summary>
    private static YNode WithOrigin(YNode node, SourceFile file) =>
        Map(node, new Dictionary<YNode, YNode>(ReferenceEqualityComparer.Instance), scalar => new YScalar(scalar.Value, scalar.IsPlain, scalar.Start, scalar.End) { Origin = scalar.Origin ?? file }, file);

    /// <summary>Replaces every scalar value under a node with <see cref="UnknownValue.Replacement"/>, keeping keys and shape.</summary>
    private static YNode MarkUnknown(YNode node) =>
        Map(node, new Dictionary<YNode, YNode>(ReferenceEqualityComparer.Instance), scalar => new YScalar(UnknownValue.Replacement, false, scalar.Start, scalar.End) { Origin = scalar.Origin }, null);

    /// <summary>
    /// Copies a tree with each scalar value mapped and the mapping keys kept. A node reached twice
    /// through YAML aliases is copied once, so an alias bomb is never expanded.
    /// </summary>
    private static YNode Map(YNode node, Dictionary<YNode, YNode> copies, Func<YScalar, YScalar> scalarMap, SourceFile? origin)
    {
        if (copies.TryGetValue(node, out var done))
            return done;
        YNode result = node switch
        {
            YScalar scalar => scalarMap(scalar),
            YMapping mapping => new YMapping(
                [.. mapping.Entries.Select(e => new YEntry(origin is null || e.Key.Origin is not null ? e.Key : new YScalar(e.Key.Value, e.Key.IsPlain, e.Key.Start, e.Key.End) { Origin = origin }, Map(e.Value, copies, scalarMap, origin)))],
                mapping.Start,
                mapping.End) { Origin = mapping.Origin ?? origin },
            YSequence sequence => new YSequence([.. sequence.Items.Select(i => Map(i, copies, scalarMap, origin))], sequence.Start, sequence.End) { Origin = sequence.Origin ?? origin },
            _ => node,
        };
        copies[node] = result;
        return result;
    }
}
