using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace FluxRaceLint.Reporting;

/// <summary>
/// The rule documentation pages <c>rules/&lt;ID&gt;.md</c>, embedded in the library assembly under the
/// resource name <c>FluxRaceLint.RulePages.&lt;ID&gt;.md</c>.
/// </summary>
public static partial class RulePages
{
    private const string ResourcePrefix = "FluxRaceLint.RulePages.";

    private static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the Markdown page of the rule with '\n' line endings, or null when the assembly embeds
    /// no page for that ID. The ID is matched case-insensitively.
    /// </summary>
    public static string? Get(string ruleId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        return Cache.GetOrAdd(ruleId.ToUpperInvariant(), Load);
    }

    /// <summary>
    /// Converts a page to plain text: code fence lines are dropped (the code between them stays) and
    /// the '#' markers of ATX headings outside code blocks are removed. Other Markdown is kept as it is.
    /// </summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);

        var lines = new List<string>();
        string? openFence = null;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            var fence = FencePattern().Match(line);
            if (openFence is null && fence.Success)
            {
                openFence = fence.Groups["marker"].Value;
                continue;
            }

            if (openFence is not null && fence.Success && ClosesFence(fence, openFence))
            {
                openFence = null;
                continue;
            }

            var heading = HeadingPattern().Match(line);
            lines.Add(openFence is null && heading.Success ? heading.Groups["text"].Value : line);
        }

        return string.Join('\n', lines);
    }

    // CommonMark: a closing fence uses the same character as the opening one, is at least as long,
    // and has nothing but spaces after it.
    private static bool ClosesFence(Match fence, string openFence)
    {
        var marker = fence.Groups["marker"].Value;
        return marker[0] == openFence[0]
            && marker.Length >= openFence.Length
            && string.IsNullOrWhiteSpace(fence.Groups["info"].Value);
    }

    private static string? Load(string ruleId)
    {
        using var stream = typeof(RulePages).Assembly.GetManifestResourceStream($"{ResourcePrefix}{ruleId}.md");
        if (stream is null)
            return null;

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    // A backtick fence's info string cannot contain a backtick (CommonMark), so "```a``` b" is text.
    [GeneratedRegex(@"^ {0,3}(?:(?<marker>`{3,})(?<info>[^`]*)|(?<marker>~{3,})(?<info>.*))$")]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"^ {0,3}#{1,6}(?:[ \t]+|$)(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex HeadingPattern();
}
