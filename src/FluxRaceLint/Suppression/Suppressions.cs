using System.Globalization;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Suppression;

/// <summary>What the suppressions of a run did.</summary>
/// <param name="Unsuppressed">Findings that no suppression matched, in the order they came.</param>
/// <param name="Suppressed">Findings that a suppression matched.</param>
/// <param name="Notes">FRL000 notes about suppressions that are malformed or match nothing.</param>
public sealed record SuppressionOutcome(
    IReadOnlyList<Finding> Unsuppressed,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<Finding> Notes);

/// <summary>Matches findings against the suppression comments and annotations of the files read.</summary>
public static class Suppressions
{
    /// <param name="findings">The findings after the configuration's rule settings and excludes.</param>
    /// <param name="files">The files whose suppressions count.</param>
    /// <param name="reportUnused">Whether an unused suppression in this repository-relative path is reported.</param>
    /// <param name="ruleRuns">Whether a rule ran. A suppression of a rule that is off is never reported as unused.</param>
    public static SuppressionOutcome Apply(
        IReadOnlyList<Finding> findings,
        IEnumerable<SourceFile> files,
        Func<string, bool> reportUnused,
        Func<string, bool> ruleRuns)
    {
        var notes = new List<Finding>();
        var byPath = new Dictionary<string, List<SuppressionDirective>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!DirectiveReader.MayHoldDirectives(file))
                continue;
            var directives = DirectiveReader.Read(file, notes);

            // A comment on the finding's line is more specific than the annotation of its object,
            // so its reason is the one reported.
            if (directives.Count > 0)
                byPath[file.Path] = [.. directives.OrderBy(d => d.Kind).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)];
        }

        var unsuppressed = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var finding in findings)
        {
            SuppressionDirective? first = null;
            if (byPath.TryGetValue(finding.Location.Path, out var candidates))
            {
                foreach (var directive in candidates)
                {
                    if (directive.TryMatch(finding))
                        first ??= directive;
                }
            }

            if (first is null)
                unsuppressed.Add(finding);
            else
                suppressed.Add(new SuppressedFinding(finding, first.Kind, first.Reason, first.Span));
        }

        foreach (var directive in byPath.Values.SelectMany(list => list))
        {
            if (!reportUnused(directive.Span.Path))
                continue;
            foreach (var id in directive.RuleIds)
            {
                if (directive.Used.Contains(id) || !ruleRuns(id))
                    continue;
                var where = directive.Kind == SuppressionKind.Comment
                    ? string.Create(CultureInfo.InvariantCulture, $"comment suppresses {id} on line {directive.FirstLine}, but there is no {id} finding on that line")
                    : $"'{DirectiveReader.IgnoreAnnotation}' annotation suppresses {id} in its object, but there is no {id} finding in that object";
                notes.Add(DirectiveReader.Note(
                    directive.Span,
                    $"Unused suppression: the {where}.",
                    $"Remove {id} from the suppression, or remove the suppression if it names no other rule.",
                    $"unused|{directive.Kind}|{id}|{directive.Reason}"));
            }
        }

        return new SuppressionOutcome(unsuppressed, suppressed, notes);
    }
}
