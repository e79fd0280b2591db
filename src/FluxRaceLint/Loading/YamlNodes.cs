namespace FluxRaceLint.Loading;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct Position(int Line, int Column);

/// <summary>
/// A YAML node with its position. Aliases resolve to the anchored node itself, so an alias bomb
/// costs one reference per alias and is never expanded.
/// </summary>
public abstract class YNode
{
    protected YNode(Position start, Position end)
    {
        Start = start;
        End = end;
    }

    public Position Start { get; }

    public Position End { get; }

    /// <summary>
    /// The file a node was written in when it differs from the document's own file: a field that a
    /// parent Kustomization's patch sets is reported at the patch.
    /// </summary>
    public SourceFile? Origin { get; set; }
}

public sealed class YScalar : YNode
{
    public YScalar(string value, bool isPlain, Position start, Position end)
        : base(start, end)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>True for an unquoted scalar, whose text YAML resolves to a bool, number or null.</summary>
    public bool IsPlain { get; }

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

public sealed class YSequence : YNode
{
    public YSequence(IReadOnlyList<YNode> items, Position start, Position end)
        : base(start, end)
    {
        Items = items;
    }

    public IReadOnlyList<YNode> Items { get; }
}

/// <summary>One key and value of a mapping; <see cref="Key"/> keeps the key's own position.</summary>
public sealed record YEntry(YScalar Key, YNode Value);

public sealed class YMapping : YNode
{
    public YMapping(IReadOnlyList<YEntry> entries, Position start, Position end)
        : base(start, end)
    {
        Entries = entries;
    }

    public IReadOnlyList<YEntry> Entries { get; }

    /// <summary>Returns the entry with this key; YAML keys are case-sensitive.</summary>
    public YEntry? Find(string key)
    {
        // The last entry wins, as in Go's YAML decoders; duplicates are reported by the parser.
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].Key.Value == key)
                return Entries[i];
        }

        return null;
    }

    public YNode? Get(string key) => Find(key)?.Value;
}
