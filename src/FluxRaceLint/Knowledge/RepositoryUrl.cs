namespace FluxRaceLint.Knowledge;

/// <summary>Normalizes chart repository and Git URLs so that equivalent spellings compare equal.</summary>
internal static class RepositoryUrl
{
    private const string OciScheme = "oci://";

    /// <summary>
    /// Tells whether <paramref name="candidate"/> names the repository <paramref name="known"/>. The scheme
    /// http or https, a trailing slash and letter case are ignored. OCI URLs match with or without the chart
    /// name appended, because a HelmRepository of type oci names the registry path while an OCIRepository
    /// names the chart itself.
    /// </summary>
    public static bool MatchesChartRepository(string known, string candidate, string chartName)
    {
        var (knownIsOci, knownPath) = SplitChartRepository(known);
        var (candidateIsOci, candidatePath) = SplitChartRepository(candidate);
        if (knownIsOci != candidateIsOci)
        {
            return false;
        }

        if (string.Equals(knownPath, candidatePath, StringComparison.Ordinal))
        {
            return true;
        }

        if (!knownIsOci)
        {
            return false;
        }

        var suffix = "/" + chartName.ToLowerInvariant();
        return string.Equals(knownPath + suffix, candidatePath, StringComparison.Ordinal)
            || string.Equals(candidatePath + suffix, knownPath, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns <c>host/path</c> of a Git URL in lower case. The scheme (https, http, ssh, git), a user part
    /// such as <c>git@</c>, a port, the scp form <c>host:path</c>, a trailing <c>.git</c> and trailing slashes
    /// are removed, so <c>git@github.com:org/repo.git</c> and <c>https://github.com/org/repo/</c> are equal.
    /// </summary>
    public static string NormalizeGit(string url)
    {
        var text = url.Trim().ToLowerInvariant();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var hasScheme = schemeEnd >= 0;
        if (hasScheme)
        {
            text = text[(schemeEnd + 3)..];
        }

        var firstSlash = text.IndexOf('/', StringComparison.Ordinal);
        var authority = firstSlash >= 0 ? text[..firstSlash] : text;
        var rest = firstSlash >= 0 ? text[firstSlash..] : string.Empty;

        var userEnd = authority.LastIndexOf('@');
        if (userEnd >= 0)
        {
            authority = authority[(userEnd + 1)..];
        }

        var colon = authority.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            // After a scheme the part after ':' is a port, and without one it is the scp form host:path.
            var afterColon = authority[(colon + 1)..];
            authority = authority[..colon];
            if (!hasScheme && afterColon.Length > 0)
            {
                rest = "/" + afterColon + rest;
            }
        }

        var normalized = (authority + rest).TrimEnd('/');
        if (normalized.EndsWith(".git", StringComparison.Ordinal))
        {
            normalized = normalized[..^4].TrimEnd('/');
        }

        return normalized;
    }

    /// <summary>
    /// Returns a repository path in the form of a Flux <c>spec.path</c> without decoration: no leading
    /// <c>./</c> or <c>/</c>, no trailing slash, '/' separators. The artifact root is the empty string.
    /// </summary>
    public static string NormalizeRepositoryPath(string path)
    {
        var text = path.Trim().Replace('\\', '/');
        while (text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith('/'))
        {
            text = text.StartsWith("./", StringComparison.Ordinal) ? text[2..] : text[1..];
        }

        text = text.TrimEnd('/');
        return text == "." ? string.Empty : text;
    }

    private static (bool IsOci, string Path) SplitChartRepository(string url)
    {
        var text = url.Trim().ToLowerInvariant();
        var isOci = text.StartsWith(OciScheme, StringComparison.Ordinal);
        if (isOci)
        {
            text = text[OciScheme.Length..];
        }
        else if (text.StartsWith("https://", StringComparison.Ordinal))
        {
            text = text["https://".Length..];
        }
        else if (text.StartsWith("http://", StringComparison.Ordinal))
        {
            text = text["http://".Length..];
        }

        return (isOci, text.TrimEnd('/'));
    }
}
