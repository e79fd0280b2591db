using System.Text.RegularExpressions;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>Which objects a patch applies to, as kustomize selects them.</summary>
public sealed record PatchTarget(string? Group, string? Version, string? Kind, Regex? Name, Regex? Namespace, LabelSelector? Labels, LabelSelector? Annotations)
{
    public bool Matches(KubeObject obj, string? name, string? ns)
    {
        if (Group is not null && Group != obj.Group)
            return false;
        if (Version is not null && Version != obj.Version)
            return false;
        if (Kind is not null && Kind != obj.Kind)
            return false;
        if (Name is not null && (name is null || !SafeMatch(Name, name)))
            return false;
        if (Namespace is not null && (ns is null || !SafeMatch(Namespace, ns)))
            return false;
        if (Labels is not null && !Labels.Matches(obj.Label))
            return false;
        return Annotations is null || Annotations.Matches(obj.Annotation);
    }

    /// <summary>A pattern that backtracks past its time limit matches nothing, as if it were invalid.</summary>
    private static bool SafeMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>One patch of a kustomization: a strategic merge patch or a list of JSON 6902 operations.</summary>
public sealed record Patch(YMapping? StrategicMerge, YSequence? Operations, PatchTarget? Target);

/// <summary>
/// Reads and applies kustomize patches to the objects of a build, so that fields a parent sets on its
/// children (wait, retryInterval, dependsOn, even further patches) match what Flux applies.
/// </summary>
public static class Patches
{
    private const int MaxOperations = 1_000;

    /// <summary>Reads the entries of a 'patches' list (Flux spec.patches or kustomization.yaml patches).</summary>
    public static List<Patch> Read(SourceFile owner, YSequence? entries, Func<string, SourceFile?> loadFile, List<InputProblem> problems, ReadLimits limits)
    {
        var result = new List<Patch>();
        if (entries is null)
            return result;
        foreach (var item in entries.Items.Take(MaxOperations))
        {
            if (item is not YMapping entry)
                continue;
            var target = ReadTarget(owner, entry.Get("target") as YMapping, problems);
            YNode? body = null;
            if (entry.Get("patch") is YScalar text)
                body = EmbeddedYaml.Parse(owner, text, problems, limits);
            else if (Fields.String(entry, "path")?.Value is { } path && loadFile(path) is { } file)
                body = file.Documents.FirstOrDefault()?.Root;

            switch (body)
            {
                case YMapping mapping:
                    result.Add(new Patch(mapping, null, target ?? TargetOf(mapping)));
                    break;
                case YSequence operations when target is not null:
                    result.Add(new Patch(null, operations, target));
                    break;
            }
        }

        return result;
    }

    /// <summary>Reads patchesStrategicMerge: file paths or inline documents, each targeting the object it names.</summary>
    public static List<Patch> ReadStrategicMerge(SourceFile owner, YSequence? entries, Func<string, SourceFile?> loadFile, List<InputProblem> problems, ReadLimits limits)
    {
        var result = new List<Patch>();
        if (entries is null)
            return result;
        foreach (var item in entries.Items.Take(MaxOperations))
        {
            if (item is not YScalar text)
                continue;
            var body = text.Value.Contains('\n', StringComparison.Ordinal)
                ? EmbeddedYaml.Parse(owner, text, problems, limits)
                : loadFile(text.Value)?.Documents.FirstOrDefault()?.Root;
            if (body is YMapping mapping)
                result.Add(new Patch(mapping, null, TargetOf(mapping)));
        }

        return result;
    }

    public static KubeObject Apply(KubeObject obj, string? name, string? ns, IReadOnlyList<Patch> patches)
    {
        var root = obj.Root;
        var changed = false;
        foreach (var patch in patches)
        {
            if (patch.Target is null || !patch.Target.Matches(obj, name, ns))
                continue;
            if (patch.StrategicMerge is { } merge)
                root = MergeObject(root, merge);
            else if (patch.Operations is { } operations)
                root = ApplyOperations(root, operations);
            changed = true;
        }

        return changed ? obj.WithRoot(root) : obj;
    }

    private static PatchTarget? ReadTarget(SourceFile owner, YMapping? target, List<InputProblem> problems)
    {
        if (target is null)
            return null;
        return new PatchTarget(
            Fields.String(target, "group")?.Value,
            Fields.String(target, "version")?.Value,
            Fields.String(target, "kind")?.Value,
            AnchoredRegex(owner, Fields.String(target, "name"), problems),
            AnchoredRegex(owner, Fields.String(target, "namespace"), problems),
            Fields.String(target, "labelSelector")?.Value is { } labels ? LabelSelector.Parse(labels) ?? LabelSelector.Nothing : null,
            Fields.String(target, "annotationSelector")?.Value is { } annotations ? LabelSelector.Parse(annotations) ?? LabelSelector.Nothing : null);
    }

    /// <summary>A strategic merge patch without a target applies to the object it names.</summary>
    private static PatchTarget? TargetOf(YMapping patch)
    {
        var apiVersion = Fields.String(patch, "apiVersion")?.Value;
        var kind = Fields.String(patch, "kind")?.Value;
        var metadata = patch.Get("metadata") as YMapping;
        var name = Fields.String(metadata, "name")?.Value;
        if (kind is null || name is null)
            return null;
        var (group, version) = apiVersion is null ? ((string?)null, (string?)null) : ApiGroups.Split(apiVersion);
        return new PatchTarget(group, version, kind, new Regex($"^{Regex.Escape(name)}$"), Fields.String(metadata, "namespace")?.Value is { } ns ? new Regex($"^{Regex.Escape(ns)}$") : null, null, null);
    }

    /// <summary>kustomize matches target names and namespaces as anchored regular expressions.</summary>
    private static Regex? AnchoredRegex(SourceFile owner, Field<string>? field, List<InputProblem> problems)
    {
        if (field is null)
            return null;
        try
        {
            return new Regex($"^(?:{field.Value})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        }
        catch (ArgumentException exception)
        {
            problems.Add(new InputProblem(
                (field.Node.Origin ?? owner).Path,
                field.Node.Start,
                field.Node.End,
                $"The patch target '{field.Value}' is not a valid regular expression ({exception.Message.TrimEnd('.')}), so kustomize rejects the patch.",
                "Fix the expression; kustomize matches target names as anchored regular expressions."));
            return new Regex("(?!)");
        }
    }

    private static YMapping MergeObject(YMapping target, YMapping patch)
    {
        // The patch's own apiVersion, kind, name and namespace select; they never rename the target.
        var entries = new List<YEntry>(target.Entries);
        foreach (var entry in patch.Entries)
        {
            if (entry.Key.Value is "apiVersion" or "kind")
                continue;
            if (entry.Key.Value == "metadata" && entry.Value is YMapping metadata)
            {
                var kept = metadata.Entries.Where(e => e.Key.Value is not ("name" or "namespace")).ToList();
                MergeEntry(entries, new YEntry(entry.Key, new YMapping(kept, metadata.Start, metadata.End) { Origin = metadata.Origin }));
                continue;
            }

            MergeEntry(entries, entry);
        }

        return new YMapping(entries, target.Start, target.End) { Origin = target.Origin };
    }

    private static YMapping Merge(YMapping target, YMapping patch)
    {
        var entries = new List<YEntry>(target.Entries);
        foreach (var entry in patch.Entries)
            MergeEntry(entries, entry);
        return new YMapping(entries, target.Start, target.End) { Origin = target.Origin };
    }

    /// <summary>JSON merge semantics, which kustomize uses for custom resources: maps merge, lists are replaced, null deletes.</summary>
    private static void MergeEntry(List<YEntry> entries, YEntry patch)
    {
        if (patch.Key.Value.StartsWith('$'))
            return;
        var index = entries.FindLastIndex(e => e.Key.Value == patch.Key.Value);
        if (patch.Value is YScalar { IsNull: true })
        {
            if (index >= 0)
                entries.RemoveAt(index);
            return;
        }

        if (index >= 0 && entries[index].Value is YMapping existing && patch.Value is YMapping update)
        {
            entries[index] = new YEntry(entries[index].Key, Merge(existing, update));
            return;
        }

        if (index >= 0)
            entries[index] = patch;
        else
            entries.Add(patch);
    }

    private static YMapping ApplyOperations(YMapping root, YSequence operations)
    {
        foreach (var item in operations.Items.Take(MaxOperations))
        {
            if (item is not YMapping operation)
                continue;
            var op = Fields.String(operation, "op")?.Value;
            var path = Fields.String(operation, "path")?.Value;
            if (op is null || path is null || !path.StartsWith('/'))
                continue;
            var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            var value = operation.Get("value");
            if (op is "add" or "replace" && value is not null)
                root = (YMapping)(SetAt(root, tokens, 0, value, op == "add") ?? root);
            else if (op == "remove")
                root = (YMapping)(SetAt(root, tokens, 0, null, false) ?? root);
        }

        return root;
    }

    /// <summary>Returns a copy of <paramref name="node"/> with the value at the path set (or removed when null).</summary>
    private static YNode? SetAt(YNode node, List<string> tokens, int depth, YNode? value, bool insert)
    {
        var token = tokens[depth];
        var last = depth == tokens.Count - 1;
        switch (node)
        {
            case YMapping mapping:
            {
                var entries = new List<YEntry>(mapping.Entries);
                var index = entries.FindLastIndex(e => e.Key.Value == token);
                if (last)
                {
                    if (value is null)
                    {
                        if (index >= 0)
                            entries.RemoveAt(index);
                    }
                    else
                    {
                        var entry = new YEntry(new YScalar(token, true, value.Start, value.Start) { Origin = value.Origin }, value);
                        if (index >= 0)
                            entries[index] = entry;
                        else
                            entries.Add(entry);
                    }
                }
                else
                {
                    if (index < 0)
                        return null;
                    var child = SetAt(entries[index].Value, tokens, depth + 1, value, insert);
                    if (child is null)
                        return null;
                    entries[index] = new YEntry(entries[index].Key, child);
                }

                return new YMapping(entries, mapping.Start, mapping.End) { Origin = mapping.Origin };
            }

            case YSequence sequence:
            {
                var items = new List<YNode>(sequence.Items);
                var position = token == "-" ? items.Count : int.TryParse(token, out var parsed) ? parsed : -1;
                if (position < 0 || position > items.Count)
                    return null;
                if (last)
                {
                    if (value is null)
                    {
                        if (position < items.Count)
                            items.RemoveAt(position);
                    }
                    else if (insert || position == items.Count)
                    {
                        items.Insert(position, value);
                    }
                    else
                    {
                        items[position] = value;
                    }
                }
                else
                {
                    if (position >= items.Count)
                        return null;
                    var child = SetAt(items[position], tokens, depth + 1, value, insert);
                    if (child is null)
                        return null;
                    items[position] = child;
                }

                return new YSequence(items, sequence.Start, sequence.End) { Origin = sequence.Origin };
            }

            default:
                return null;
        }
    }
}
