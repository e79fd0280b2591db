namespace FluxRaceLint.Diagnostics;

/// <summary>
/// A region of a file. <see cref="Path"/> is relative to the repository root and uses '/' separators;
/// lines and columns are 1-based, and the end column is exclusive.
/// </summary>
public sealed record SourceSpan(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A span at the start of a file, for problems that have no better position.</summary>
    public static SourceSpan StartOf(string path) => new(path, 1, 1, 1, 1);
}

/// <summary>The other end of a finding, such as the CRD provider of a custom resource.</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message);
