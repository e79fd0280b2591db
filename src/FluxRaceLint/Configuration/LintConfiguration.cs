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
        };
    }
}
