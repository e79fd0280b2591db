using FluxRaceLint.Configuration;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Suppression;

namespace FluxRaceLint;

/// <summary>What to lint and how.</summary>
public sealed record LintOptions
{
    /// <summary>The folder to lint (the PATH argument), absolute or relative to the current directory.</summary>
    public required string Path { get; init; }

    /// <summary>The repository root; when null it is found from <see cref="Path"/>.</summary>
    public string? RepositoryRoot { get; init; }

    public ReadLimits Limits { get; init; } = ReadLimits.Default;

    /// <summary>
    /// A Kustomization that can fail on its first apply should retry sooner than this; an interval
    /// up to this long needs no retryInterval.
    /// </summary>
    public TimeSpan RetryThreshold { get; init; } = TimeSpan.FromMinutes(2);

    public KnowledgeBase Knowledge { get; init; } = KnowledgeBase.Default;

    /// <summary>Parse files on several threads; the output is the same either way.</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// False (<c>--no-config</c>) reads no configuration file. When true, <see cref="ConfigurationFile"/>
    /// is read, or else the first <c>.fluxracelint.yaml</c> from <see cref="Path"/> up to the repository root.
    /// Its settings are laid over the ones below.
    /// </summary>
    public bool ReadConfiguration { get; init; } = true;

    /// <summary>The configuration file given by <c>--config</c>; null to search for one.</summary>
    public string? ConfigurationFile { get; init; }

    /// <summary>Rules turned off or given another level, by rule ID.</summary>
    public IReadOnlyDictionary<string, RuleSetting> Rules { get; init; } = new Dictionary<string, RuleSetting>(StringComparer.Ordinal);

    /// <summary>
    /// Returns true for a repository-relative path whose findings are dropped. The scan of
    /// <see cref="Path"/> does not read such files either; one is still read when a build the graph
    /// needs names it.
    /// </summary>
    public Func<string, bool>? Exclude { get; init; }

    /// <summary>API groups whose CRDs exist in every cluster before Flux starts.</summary>
    public IReadOnlyList<string> AssumePresent { get; init; } = [];

    /// <summary>
    /// Folders that are each the root of a cluster (the configuration's <c>clusters</c>). When empty,
    /// clusters are found from their bootstrap Kustomizations.
    /// </summary>
    public IReadOnlyList<ConfiguredPath> Clusters { get; init; } = [];

    /// <summary>OCI artifacts and Git repositories that hold a folder of this repository (the configuration's <c>sources</c>).</summary>
    public IReadOnlyList<ConfiguredSource> Sources { get; init; } = [];

    /// <summary>Findings recorded earlier; those whose fingerprint is in it are not reported.</summary>
    public Baseline? Baseline { get; init; }
}
