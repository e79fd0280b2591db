using FluxRaceLint.Diagnostics;
using FluxRaceLint.Suppression;

namespace FluxRaceLint;

/// <summary>Everything one <c>check</c> run produced, ready for any report format.</summary>
public sealed class LintResult
{
    /// <summary>Absolute path of the repository root that Flux paths resolve against.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Absolute path that was linted (the PATH argument).</summary>
    public required string LintPath { get; init; }

    /// <summary>
    /// Reported findings in output order (see <see cref="FindingComparer"/>): not suppressed, not
    /// excluded, not turned off and not in the baseline.
    /// </summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Lines that <c>--verbose</c> prints: what was read, skipped and assumed.</summary>
    public required IReadOnlyList<string> VerboseMessages { get; init; }

    public required int FilesRead { get; init; }

    public required int ClusterCount { get; init; }

    /// <summary>Each cluster's graph and race analysis, for drawing it with <c>fluxracelint graph</c>.</summary>
    public IReadOnlyList<(Graph.Cluster Cluster, Graph.RaceAnalysis Analysis)> Graphs { get; init; } = [];

    /// <summary>Findings that a comment or an annotation suppressed, in output order.</summary>
    public IReadOnlyList<SuppressedFinding> Suppressed { get; init; } = [];

    /// <summary>Absolute path of the configuration file that was read, or null.</summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Findings left out because the baseline contains their fingerprint.</summary>
    public int BaselineMatched { get; init; }

    /// <summary>Baseline entries that no finding of this run has any more.</summary>
    public int BaselineFixed { get; init; }

    /// <summary>
    /// False when an input error (FRL000) kept part of the repository from being analysed. A note about
    /// a suppression comment is not such an error.
    /// </summary>
    public bool ExecutionSuccessful => !Findings.Any(f => f.Rule.Id == RuleCatalog.InvalidManifest.Id && !DirectiveReader.IsNoteAboutSuppression(f));

    /// <summary>Number of distinct files that have at least one finding.</summary>
    public int FilesWithFindings => Findings.Select(f => f.Location.Path).Distinct(StringComparer.Ordinal).Count();
}
