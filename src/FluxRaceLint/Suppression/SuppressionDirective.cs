using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Suppression;

/// <summary>
/// One suppression that names rules and gives a reason. It covers the lines
/// <see cref="FirstLine"/> to <see cref="LastLine"/> of its file: one line for a comment, the whole
/// YAML document for an annotation.
/// </summary>
public sealed class SuppressionDirective
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public SuppressionDirective(SuppressionKind kind, SourceSpan span, IReadOnlyList<string> ruleIds, string reason, int firstLine, int lastLine)
    {
        Kind = kind;
        Span = span;
        RuleIds = ruleIds;
        Reason = reason;
        FirstLine = firstLine;
        LastLine = lastLine;
    }

    public SuppressionKind Kind { get; }

    /// <summary>The comment, or the annotation's value.</summary>
    public SourceSpan Span { get; }

    /// <summary>Catalogue IDs of the rules it suppresses; IDs that name no rule are left out.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    public string Reason { get; }

    public int FirstLine { get; }

    public int LastLine { get; }

    /// <summary>Rule IDs of this directive that suppressed at least one finding.</summary>
    public IReadOnlySet<string> Used => _used;

    /// <summary>Returns whether the directive suppresses the finding, and records the use when it does.</summary>
    public bool TryMatch(Finding finding)
    {
        var location = finding.Location;
        if (location.Path != Span.Path || location.Line < FirstLine || location.Line > LastLine || !RuleIds.Contains(finding.Rule.Id))
            return false;
        _used.Add(finding.Rule.Id);
        return true;
    }
}
