using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Suppression;

/// <summary>Where the suppression of a finding was written.</summary>
public enum SuppressionKind
{
    /// <summary>A <c># fluxracelint-disable-line</c> or <c># fluxracelint-disable-next-line</c> comment.</summary>
    Comment,

    /// <summary>The <c>fluxracelint.io/ignore</c> annotation of the object.</summary>
    Annotation,
}

/// <summary>A finding that a comment or an annotation suppressed, with the reason given there.</summary>
/// <param name="Directive">Where the comment or the annotation's value is.</param>
public sealed record SuppressedFinding(Finding Finding, SuppressionKind Kind, string Justification, SourceSpan Directive);
