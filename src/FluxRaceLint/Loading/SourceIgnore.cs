using System.Text;
using System.Text.RegularExpressions;

namespace FluxRaceLint.Loading;

/// <summary>
/// The files source-controller leaves out of an artifact: its default exclusions plus the
/// gitignore-style patterns of every <c>.sourceignore</c> file, each applying below its own folder.
/// </summary>
public sealed class SourceIgnore
{
    // source-controller's defaults (fluxcd/pkg sourceignore): VCS files, CI configuration, images
    // and archives, and a few tool files.
    private static readonly string[] DefaultPatterns =
    [
        ".git/", ".gitignore", ".gitmodules", ".gitattributes",
        "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
        ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml",
        "cloudbuild.yaml", "codeship-services.yml", "codeship-steps.yml",
        "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
    ];

    private readonly List<IgnorePattern> _patterns = [];

    public SourceIgnore()
    {
        foreach (var pattern in DefaultPatterns)
            Add("", pattern);
    }

    /// <summary>Adds the lines of a <c>.sourceignore</c> file found in <paramref name="directory"/>.</summary>
    public void AddFile(string directory, string text)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            Add(directory, line);
        }
    }

    public void Add(string directory, string pattern)
    {
        var parsed = IgnorePattern.TryCreate(directory, pattern);
        if (parsed is not null)
            _patterns.Add(parsed);
    }

    /// <summary>Returns whether a repository-relative path is excluded; the last matching pattern wins.</summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        var ignored = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(path, isDirectory))
                ignored = !pattern.Negated;
        }

        return ignored;
    }

    private sealed class IgnorePattern
    {
        private readonly string _directory;
        private readonly Regex _regex;
        private readonly bool _directoryOnly;
        private bool _broken;

        // Most patterns are a plain name ('.git', '.sops.yaml') or an extension ('*.png'); those are
        // compared as strings, which keeps listing a large repository cheap.
        private readonly string? _literal;
        private readonly string? _suffix;
        private readonly bool _anchored;

        private IgnorePattern(string directory, Regex regex, bool negated, bool directoryOnly, string? literal, string? suffix, bool anchored)
        {
            _directory = directory;
            _regex = regex;
            Negated = negated;
            _directoryOnly = directoryOnly;
            _literal = literal;
            _suffix = suffix;
            _anchored = anchored;
        }

        public bool Negated { get; }

        public static IgnorePattern? TryCreate(string directory, string pattern)
        {
            var text = pattern.Trim();
            var negated = text.StartsWith('!');
            if (negated)
                text = text[1..];
            if (text.StartsWith("\\#", StringComparison.Ordinal) || text.StartsWith("\\!", StringComparison.Ordinal))
                text = text[1..];

            var directoryOnly = text.EndsWith('/');
            text = text.TrimEnd('/');
            if (text.Length == 0)
                return null;

            // A pattern with a slash other than at its end is anchored to its folder; one without
            // matches a name at any depth below it.
            var anchored = text.Contains('/');
            text = text.TrimStart('/');
            if (text.StartsWith("**/", StringComparison.Ordinal) && !text[3..].Contains('/'))
            {
                text = text[3..];
                anchored = false;
            }

            var hasGlob = text.IndexOfAny(['*', '?', '[', '\\']) >= 0;
            string? literal = hasGlob ? null : text;
            string? suffix = !anchored && text.StartsWith('*') && text.IndexOfAny(['*', '?', '[', '\\', '/'], 1) < 0 ? text[1..] : null;
            var body = GlobToRegex(text);
            var expression = anchored ? $"^{body}$" : $"^(?:.*/)?{body}$";
            try
            {
                return new IgnorePattern(directory, new Regex(expression, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)), negated, directoryOnly, literal, suffix, anchored);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        public bool Matches(string path, bool isDirectory)
        {
            if (_directoryOnly && !isDirectory)
                return false;

            string relative;
            if (_directory.Length == 0)
            {
                relative = path;
            }
            else if (path.StartsWith(_directory + "/", StringComparison.Ordinal))
            {
                relative = path[(_directory.Length + 1)..];
            }
            else
            {
                return false;
            }

            if (_literal is not null)
            {
                return _anchored
                    ? relative == _literal
                    : relative == _literal || relative.EndsWith("/" + _literal, StringComparison.Ordinal);
            }

            if (_suffix is not null)
                return relative[(relative.LastIndexOf('/') + 1)..].EndsWith(_suffix, StringComparison.Ordinal);

            if (_broken)
                return false;
            try
            {
                return _regex.IsMatch(relative);
            }
            catch (RegexMatchTimeoutException)
            {
                // A pattern that backtracks past its limit once would do so on many paths; it is
                // dropped so one bad line cannot stall the run.
                _broken = true;
                return false;
            }
        }

        private static string GlobToRegex(string glob)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < glob.Length; i++)
            {
                var c = glob[i];
                if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
                {
                    var slashFollows = i + 2 < glob.Length && glob[i + 2] == '/';
                    builder.Append(slashFollows ? "(?:.*/)?" : ".*");
                    i += slashFollows ? 2 : 1;
                }
                else if (c == '*')
                {
                    builder.Append("[^/]*");
                }
                else if (c == '?')
                {
                    builder.Append("[^/]");
                }
                else if (c == '[')
                {
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        builder.Append("\\[");
                    }
                    else
                    {
                        var set = glob[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal);
                        if (set.StartsWith('!'))
                            set = "^" + set[1..];
                        builder.Append('[').Append(set).Append(']');
                        i = close;
                    }
                }
                else if (c == '\\' && i + 1 < glob.Length)
                {
                    builder.Append(Regex.Escape(glob[++i].ToString()));
                }
                else
                {
                    builder.Append(Regex.Escape(c.ToString()));
                }
            }

            return builder.ToString();
        }
    }
}
