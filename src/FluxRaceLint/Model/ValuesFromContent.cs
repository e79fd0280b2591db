using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>What the linter read for one spec.valuesFrom entry: values, a single value, or the reason it has neither.</summary>
public sealed record ValuesFromContent
{
    private ValuesFromContent(ValuesReference reference)
    {
        Reference = reference;
    }

    public ValuesReference Reference { get; }

    /// <summary>The values document of an entry without targetPath.</summary>
    public YMapping? Document { get; private init; }

    /// <summary>The text of the key of a targetPath entry, which is set as one value.</summary>
    public YScalar? Value { get; private init; }

    /// <summary>Why the entry was not read, or why an optional entry is skipped.</summary>
    public string? Reason { get; private init; }

    /// <summary>True for an optional entry whose object or key does not exist, which helm-controller skips.</summary>
    public bool IsSkipped { get; private init; }

    /// <summary>The repository file the text comes from, for the verbose output.</summary>
    public string? Path { get; private init; }

    public bool IsRead => Document is not null || Value is not null;

    public static ValuesFromContent OfDocument(ValuesReference reference, YMapping document, string path) =>
        new(reference) { Document = document, Path = path };

    public static ValuesFromContent OfValue(ValuesReference reference, YScalar value, string path) =>
        new(reference) { Value = value, Path = path };

    /// <param name="reason">A clause that follows the entry's description, such as "is encrypted with SOPS".</param>
    public static ValuesFromContent Unread(ValuesReference reference, string reason) => new(reference) { Reason = reason };

    public static ValuesFromContent Skipped(ValuesReference reference, string reason) => new(reference) { Reason = reason, IsSkipped = true };
}
