using System.Text;
using System.Text.RegularExpressions;

namespace FluxRaceLint.Configuration;

/// <summary>
/// One <c>exclude</c> pattern, matched against repository-relative paths with '/' separators.
/// <c>*</c> matches within one path segment, <c>**</c> matches any number of whole segments and
/// <c>?</c> matches one character other than '/'. A pattern that matches a folder matches
/// everything below it, so <c>apps/legacy</c> and <c>apps/legacy/**</c> exclude the same files.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    private PathGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        _regex = regex;
    }

    /// <summary>The pattern as written in the configuration file.</summary>
    public string Pattern { get; }

    /// <summary>Returns the glob, or null with <paramref name="error"/> set when the pattern cannot be used.</summary>
    public static PathGlob? TryCreate(string pattern, out string? error)
    {
        error = null;
        var text = pattern.Trim();
        if (text.Contains('\\', StringComparison.Ordinal))
        {
            error = "uses '\\', but folders are separated with '/'";
            return null;
        }

        while (text.StartsWith("./", StringComparison.Ordinal))
            text = text[2..];
        text = text.Trim('/');
        if (text.Length == 0 || text == ".")
        {
            error = "matches no path. Give a file or folder relative to the repository root, such as 'apps/legacy/**'";
            return null;
        }

        var segments = text.Split('/');
        if (segments.Any(segment => segment is ".." or "." or ""))
        {
            error = "contains an empty, '.' or '..' segment. Give a path relative to the repository root";
            return null;
        }

        var regex = new Regex($"^{ToRegex(segments)}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        return new PathGlob(pattern, regex);
    }

    /// <summary>Returns whether the path, or a folder above it, matches the pattern.</summary>
    public bool Matches(string path)
    {
        if (_regex.IsMatch(path))
            return true;
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (_regex.IsMatch(path.AsSpan(0, slash)))
                return true;
        }

        return false;
    }

    private static string ToRegex(string[] segments)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == "**")
            {
                // Any number of whole segments, none included.
                builder.Append(last ? ".*" : "(?:[^/]+/)*");
                continue;
            }

            foreach (var c in segment)
            {
                builder.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            if (!last)
                builder.Append('/');
        }

        return builder.ToString();
    }
}
