using FluxRaceLint.Diagnostics;

namespace FluxRaceLint;

/// <summary>Everything one <c>check</c> run produced, ready for any report format.</summary>
public sealed class LintResult
{
    /// <summary>Absolute path of the repository root that Flux paths resolve against.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Absolute path that was linted (the PATH argument).</summary>
    public required string LintPath { get; init; }

    /// <summary>Findings in output order (see <see cref="FindingComparer"/>).</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Lines that <c>--verbose</c> prints: what was read, skipped and assumed.</summary>
    public required IReadOnlyList<string> VerboseMessages { get; init; }

    public required int FilesRead { get; init; }

    public required int ClusterCount { get; init; }

    /// <summary>False when an input error (FRL000) kept part of the repository from being analysed.</summary>
    public bool ExecutionSuccessful => !Findings.Any(f => f.Rule.Id == RuleCatalog.InvalidManifest.Id);

    /// <summary>Number of distinct files that have at least one finding.</summary>
    public int FilesWithFindings => Findings.Select(f => f.Location.Path).Distinct(StringComparer.Ordinal).Count();
}
