using FluxRaceLint.Loading;

namespace FluxRaceLint.Build;

/// <summary>
/// A kustomize field path such as <c>spec.template.spec.containers.[name=app].image</c>: fields
/// separated by dots, where a bracketed part selects list items by a field's value (<c>[name=app]</c>),
/// or scalar items by value (<c>[=value]</c>), and a number is an index into a list. <c>*</c> matches
/// every item of a list, and only in a target path.
/// </summary>
internal sealed class FieldPath
{
    private readonly IReadOnlyList<string> _segments;

    private FieldPath(string text, IReadOnlyList<string> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public bool HasWildcard => _segments.Contains("*");

    /// <summary>Parses a path. Returns null for syntax that this reader does not support.</summary>
    public static FieldPath? Parse(string text)
    {
        var segments = new List<string>();
        var start = 0;
        var depth = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] == '[')
                depth++;
            else if (i < text.Length && text[i] == ']')
                depth--;
            else if (i == text.Length || (text[i] == '.' && depth == 0))
            {
                var segment = text[start..i];
                if (segment.Length == 0 || depth != 0)
                    return null;
                if (segment.StartsWith('[') && (!segment.EndsWith(']') || !segment.Contains('=', StringComparison.Ordinal)))
                    return null;
                segments.Add(segment);
                start = i + 1;
            }
        }

        return segments.Count == 0 ? null : new FieldPath(text, segments);
    }

    /// <summary>Returns the node at the path, as kustomize reads a replacement source, or null when the path does not exist.</summary>
    public YNode? Lookup(YNode root)
    {
        var node = root;
        foreach (var segment in _segments)
        {
            var next = Children(node, segment).FirstOrDefault();
            if (next.Node is null)
                return null;
            node = next.Node;
        }

        return node;
    }

    /// <summary>
    /// Returns a copy of <paramref name="root"/> in which every node the path matches is replaced by
    /// <paramref name="replace"/>'s result. With <paramref name="create"/>, missing fields and list
    /// items are created, and the replaced node is an empty scalar. <paramref name="matched"/> counts
    /// the nodes replaced. When there is none, the root itself is returned.
    /// </summary>
    public YNode Rewrite(YNode root, Func<YNode, YNode> replace, bool create, out int matched)
    {
        var count = 0;
        var result = Rewrite(root, 0, replace, create, ref count);
        matched = count;
        return result;
    }

    private YNode Rewrite(YNode node, int depth, Func<YNode, YNode> replace, bool create, ref int matched)
    {
        if (depth == _segments.Count)
        {
            matched++;
            return replace(node);
        }

        var segment = _segments[depth];
        var children = Children(node, segment).ToList();
        if (children.Count == 0 && create && CreateChild(node, segment, depth + 1 < _segments.Count ? _segments[depth + 1] : null) is { } grown)
        {
            node = grown;
            children = [.. Children(node, segment)];
        }

        if (children.Count == 0)
            return node;
        var replaced = new Dictionary<int, YNode>();
        foreach (var (position, child) in children)
        {
            var updated = Rewrite(child!, depth + 1, replace, create, ref matched);
            if (!ReferenceEquals(updated, child))
                replaced[position] = updated;
        }

        if (replaced.Count == 0)
            return node;
        return node switch
        {
            YMapping mapping => new YMapping([.. mapping.Entries.Select((e, i) => replaced.TryGetValue(i, out var value) ? e with { Value = value } : e)], mapping.Start, mapping.End) { Origin = mapping.Origin },
            YSequence sequence => new YSequence([.. sequence.Items.Select((item, i) => replaced.GetValueOrDefault(i, item))], sequence.Start, sequence.End) { Origin = sequence.Origin },
            _ => node,
        };
    }

    /// <summary>The children a segment selects, with their position in the parent's entries or items.</summary>
    private static IEnumerable<(int Position, YNode? Node)> Children(YNode node, string segment)
    {
        switch (node)
        {
            case YMapping mapping when !segment.StartsWith('[') && segment != "*":
                for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                {
                    if (mapping.Entries[i].Key.Value == segment)
                    {
                        yield return (i, mapping.Entries[i].Value);
                        yield break;
                    }
                }

                break;
            case YSequence sequence when segment == "*":
                for (var i = 0; i < sequence.Items.Count; i++)
                    yield return (i, sequence.Items[i]);
                break;
            case YSequence sequence when IsIndex(segment, out var index):
                if (index < sequence.Items.Count)
                    yield return (index, sequence.Items[index]);
                break;
            case YSequence sequence when segment.StartsWith('['):
                var (key, value) = SplitSelector(segment);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var item = sequence.Items[i];
                    var itemValue = key.Length == 0 ? item as YScalar : (item as YMapping)?.Get(key) as YScalar;
                    if (itemValue?.Value == value)
                        yield return (i, item);
                }

                break;
        }
    }

    /// <summary>Adds the field or list item that a segment names. Returns null when the segment cannot be created.</summary>
    private static YNode? CreateChild(YNode node, string segment, string? nextSegment)
    {
        YNode Empty(YNode near) => nextSegment is null
            ? new YScalar("", true, near.Start, near.End)
            : nextSegment.StartsWith('[') || IsIndex(nextSegment, out _)
                ? new YSequence([], near.Start, near.End)
                : new YMapping([], near.Start, near.End);

        switch (node)
        {
            case YMapping mapping when !segment.StartsWith('[') && segment != "*":
                var key = new YScalar(segment, true, mapping.Start, mapping.Start);
                return new YMapping([.. mapping.Entries, new YEntry(key, Empty(mapping))], mapping.Start, mapping.End) { Origin = mapping.Origin };
            case YSequence sequence when segment.StartsWith('['):
                var (field, value) = SplitSelector(segment);
                YNode item = field.Length == 0
                    ? new YScalar(value, false, sequence.Start, sequence.End)
                    : new YMapping([new YEntry(new YScalar(field, true, sequence.Start, sequence.Start), new YScalar(value, false, sequence.Start, sequence.End))], sequence.Start, sequence.End);
                return new YSequence([.. sequence.Items, item], sequence.Start, sequence.End) { Origin = sequence.Origin };
            case YScalar { IsNull: true }:
                return CreateChild(ContainerFor(node, segment), segment, nextSegment);
            default:
                return null;
        }
    }

    /// <summary>An empty mapping or list that replaces a created placeholder, depending on the segment that follows it.</summary>
    private static YNode ContainerFor(YNode near, string segment) =>
        segment.StartsWith('[') ? new YSequence([], near.Start, near.End) : new YMapping([], near.Start, near.End);

    private static bool IsIndex(string segment, out int index) =>
        int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);

    private static (string Key, string Value) SplitSelector(string segment)
    {
        var inner = segment[1..^1];
        var equals = inner.IndexOf('=');
        return (inner[..equals], inner[(equals + 1)..]);
    }

    public override string ToString() => Text;
}
