namespace FluxRaceLint.Diagnostics;

/// <summary>
/// One reported problem. <see cref="Message"/> states what races and why, and <see cref="Help"/>
/// what to change. <see cref="Subject"/> identifies the problem without line numbers, so the
/// fingerprint survives edits that move lines.
/// </summary>
public sealed record Finding(
    RuleDescriptor Rule,
    Severity Level,
    SourceSpan Location,
    string Message,
    string Help,
    IReadOnlyList<RelatedLocation> Related,
    string Subject)
{
    /// <summary>
    /// Stable identity of the finding: a hash of the rule, the file and the subject. It does not
    /// change when lines above move or when other files change.
    /// </summary>
    public string Fingerprint => Fingerprints.Compute(Rule.Id, Location.Path, Subject);
}

public static class Fingerprints
{
    public static string Compute(string ruleId, string path, string subject)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{ruleId}\n{path}\n{subject}");
        var hash = System.Security.Cryptography.SHA256.HashData(bytes);
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>Orders findings by path, line, column and rule, the order of every output format.</summary>
public sealed class FindingComparer : IComparer<Finding>
{
    public static readonly FindingComparer Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;

        var result = string.CompareOrdinal(x.Location.Path, y.Location.Path);
        if (result == 0)
            result = x.Location.Line.CompareTo(y.Location.Line);
        if (result == 0)
            result = x.Location.Column.CompareTo(y.Location.Column);
        if (result == 0)
            result = string.CompareOrdinal(x.Rule.Id, y.Rule.Id);
        if (result == 0)
            result = string.CompareOrdinal(x.Message, y.Message);
        return result;
    }
}
