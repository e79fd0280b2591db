using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Configuration;

/// <summary>The settings of one <c>.fluxracelint.yaml</c>; a key the file leaves out keeps its default.</summary>
public sealed record LintConfiguration
{
    /// <summary>Absolute path of the file the settings come from.</summary>
    public required string File { get; init; }

    /// <summary>Rules turned off or given another level, by rule ID.</summary>
    public IReadOnlyDictionary<string, RuleSetting> Rules { get; init; } = new Dictionary<string, RuleSetting>(StringComparer.Ordinal);

    /// <summary>Repository-relative paths whose findings are dropped and that the scan of PATH skips.</summary>
    public IReadOnlyList<PathGlob> Exclude { get; init; } = [];

    /// <summary>API groups whose CRDs exist before Flux starts.</summary>
    public IReadOnlyList<string> AssumePresent { get; init; } = [];

    public TimeSpan? RetryThreshold { get; init; }

    /// <summary>Folders that are each the root of a cluster, as a bootstrap Kustomization's path is; empty to find them.</summary>
    public IReadOnlyList<ConfiguredPath> Clusters { get; init; } = [];

    /// <summary>OCI artifacts and Git repositories whose contents are a folder of this repository.</summary>
    public IReadOnlyList<ConfiguredSource> Sources { get; init; } = [];

    /// <summary>Chart and CRD source entries that come before the built-in ones; null when the file has none.</summary>
    public KnowledgeBase? Knowledge { get; init; }

    public long? MaxFileBytes { get; init; }

    public int? MaxDepth { get; init; }

    public int? MaxNodes { get; init; }

    /// <summary>Returns <paramref name="options"/> with every setting of this file laid over it.</summary>
    public LintOptions ApplyTo(LintOptions options)
    {
        var rules = new Dictionary<string, RuleSetting>(options.Rules, StringComparer.Ordinal);
        foreach (var (id, setting) in Rules)
            rules[id] = setting;

        var excludeBefore = options.Exclude;
        var globs = Exclude;
        Func<string, bool>? exclude = globs.Count == 0
            ? excludeBefore
            : path => (excludeBefore?.Invoke(path) ?? false) || globs.Any(glob => glob.Matches(path));

        var limits = options.Limits;
        if (MaxFileBytes is { } maxFileBytes)
            limits = limits with { MaxFileBytes = maxFileBytes };
        if (MaxDepth is { } maxDepth)
            limits = limits with { MaxDepth = maxDepth };
        if (MaxNodes is { } maxNodes)
            limits = limits with { MaxNodes = maxNodes };

        return options with
        {
            Rules = rules,
            Exclude = exclude,
            AssumePresent = [.. options.AssumePresent.Union(AssumePresent, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            RetryThreshold = RetryThreshold ?? options.RetryThreshold,
            Limits = limits,
            Clusters = Clusters.Count > 0 ? Clusters : options.Clusters,
            Sources = [.. Sources, .. options.Sources],
            Knowledge = Knowledge is null ? options.Knowledge : options.Knowledge.WithAdditions(Knowledge),
        };
    }
}

/// <summary>A repository-relative folder named in the configuration, with where the file names it.</summary>
public sealed record ConfiguredPath(string Path, Position Position);

/// <summary>
/// A source that is published from this repository: the artifact at <paramref name="Url"/> (an
/// OCIRepository or GitRepository URL) contains the repository folder <paramref name="Path"/> as its root.
/// </summary>
public sealed record ConfiguredSource(string Url, string Path, Position Position);
