using System.Globalization;
using System.Text.RegularExpressions;

namespace FluxRaceLint.Model;

/// <summary>Go durations as the Flux APIs accept them: one or more number-and-unit pairs, such as <c>1h30m</c>.</summary>
public static partial class FluxDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!Pattern().IsMatch(text))
            return false;

        double milliseconds = 0;
        foreach (Match part in Part().Matches(text))
        {
            var number = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            milliseconds += part.Groups[3].Value switch
            {
                "ms" => number,
                "s" => number * 1000,
                "m" => number * 60_000,
                _ => number * 3_600_000,
            };
        }

        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
            return false;
        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>Formats a duration the way Flux users write it, such as <c>9m30s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
            return "0s";
        var text = "";
        if (duration.TotalHours >= 1)
            text += string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h");
        if (duration.Minutes > 0)
            text += string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        if (duration.Seconds > 0)
            text += string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        if (text.Length == 0)
            text = string.Create(CultureInfo.InvariantCulture, $"{duration.Milliseconds}ms");
        return text;
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"([0-9]+(\.[0-9]+)?)(ms|s|m|h)")]
    private static partial Regex Part();
}
