using FluxRaceLint.Diagnostics;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// The wording of findings that rest on HelmRelease values: which spec.valuesFrom entry set a value,
/// and what was assumed for entries that could not be read.
/// </summary>
internal static class ValuesWording
{
    /// <summary>Returns " in valuesFrom ConfigMap 'x'" when a valuesFrom entry set the value, or "" for spec.values.</summary>
    public static string In(HelmRelease release, string dottedPath) =>
        release.FindValue(dottedPath) is { } entry && release.MergedValues.SourceOf(entry) is { } source
            ? $" in valuesFrom {source.Describe()}"
            : "";

    /// <summary>
    /// Returns the level and the closing sentence of a finding that rests on <paramref name="keys"/>.
    /// When an unread valuesFrom entry may set one of them, the finding is a note whose message states
    /// that the chart defaults were assumed for that entry.
    /// </summary>
    public static (Severity Level, string Sentence) Assumption(HelmRelease release, IEnumerable<string> keys, Severity level)
    {
        var unread = release.MergedValues.UnreadSourcesOf(keys);
        if (unread.Count == 0)
            return (level, "");
        if (unread.Count == 1)
        {
            var only = unread[0];
            return (Severity.Note, $" The linter did not read {only.Reference.Describe()} of spec.valuesFrom, because it {only.Reason}, so it assumed the chart defaults for the values that entry may set.");
        }

        var names = string.Join(", ", unread.Select(u => u.Reference.Describe()));
        return (Severity.Note, $" The linter did not read {unread.Count} entries of spec.valuesFrom ({names}), so it assumed the chart defaults for the values they may set.");
    }
}
