namespace FluxRaceLint.Knowledge;

/// <summary>A path of an upstream repository that contains CRD manifests.</summary>
/// <param name="Path">Repository path without a leading <c>./</c> or a trailing slash.</param>
public sealed record ExternalCrdPath(string Path, string? Note);

/// <summary>
/// An upstream Git repository whose paths contain plain CRD manifests, for Flux Kustomizations that apply
/// CRDs straight from a project's repository.
/// </summary>
public sealed class ExternalCrdSource
{
    public required string Name { get; init; }

    public required IReadOnlyList<string> Urls { get; init; }

    public required IReadOnlyList<ExternalCrdPath> Paths { get; init; }

    public IReadOnlyList<CrdGroup> Groups { get; init; } = [];

    public string? Note { get; init; }

    /// <summary>Tells whether <paramref name="gitUrl"/> is one of <see cref="Urls"/> after normalization.</summary>
    public bool MatchesUrl(string gitUrl)
    {
        var normalized = RepositoryUrl.NormalizeGit(gitUrl);
        return Urls.Any(url => string.Equals(RepositoryUrl.NormalizeGit(url), normalized, StringComparison.Ordinal));
    }

    /// <summary>
    /// Returns the CRD path that <paramref name="path"/> (a Kustomization <c>spec.path</c>, possibly starting
    /// with <c>./</c>) equals or lies below, or null. Paths compare case-sensitively, as Git paths do.
    /// </summary>
    public ExternalCrdPath? FindPath(string path)
    {
        var normalized = RepositoryUrl.NormalizeRepositoryPath(path);
        return Paths.FirstOrDefault(candidate =>
            string.Equals(normalized, candidate.Path, StringComparison.Ordinal)
            || normalized.StartsWith(candidate.Path + "/", StringComparison.Ordinal));
    }

    public bool OwnsGroup(string group) =>
        Groups.Any(candidate => string.Equals(candidate.Group, group, StringComparison.Ordinal));

    public override string ToString() => Name;
}
