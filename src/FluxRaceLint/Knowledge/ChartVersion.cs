using System.Globalization;

namespace FluxRaceLint.Knowledge;

/// <summary>
/// The numeric core of a chart's semantic version. Pre-release and build suffixes are dropped, so
/// <c>1.15.0-alpha.1</c> compares equal to <c>1.15.0</c>.
/// </summary>
public readonly record struct ChartVersion(int Major, int Minor, int Patch) : IComparable<ChartVersion>
{
    /// <summary>
    /// Parses an exact version such as <c>1.15.0</c>, <c>v3.2</c> or <c>2</c>. Ranges (<c>&gt;=1.0.0</c>,
    /// <c>1.x</c>, <c>*</c>) are not exact versions and fail.
    /// </summary>
    public static bool TryParse(string? text, out ChartVersion version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var core = text.Trim();
        if (core.StartsWith('v') || core.StartsWith('V'))
        {
            core = core[1..];
        }

        var suffix = core.IndexOfAny(['-', '+']);
        if (suffix >= 0)
        {
            core = core[..suffix];
        }

        var parts = core.Split('.');
        if (parts.Length is < 1 or > 3)
        {
            return false;
        }

        var numbers = new int[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0 || !parts[i].All(char.IsAsciiDigit)
                || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return false;
            }
        }

        version = new ChartVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    public int CompareTo(ChartVersion other)
    {
        var major = Major.CompareTo(other.Major);
        if (major != 0)
        {
            return major;
        }

        var minor = Minor.CompareTo(other.Minor);
        return minor != 0 ? minor : Patch.CompareTo(other.Patch);
    }

    public static bool operator <(ChartVersion left, ChartVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ChartVersion left, ChartVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChartVersion left, ChartVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChartVersion left, ChartVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}
