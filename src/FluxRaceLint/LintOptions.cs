using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;

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
}
