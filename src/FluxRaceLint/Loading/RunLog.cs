using System.Collections.Concurrent;

namespace FluxRaceLint.Loading;

/// <summary>Collects the lines that <c>--verbose</c> prints, from any thread, in a stable order.</summary>
public sealed class RunLog
{
    private readonly ConcurrentBag<string> _lines = [];
    private readonly ConcurrentBag<string> _ordered = [];

    /// <summary>Records a line whose order among others does not matter; such lines are sorted.</summary>
    public void Note(string line) => _lines.Add(line);

    /// <summary>Records a summary line that is printed first, in the order of the calls.</summary>
    public void Summary(string line) => _ordered.Add($"{_ordered.Count:D6}{line}");

    public IReadOnlyList<string> Lines()
    {
        var summary = _ordered.Order(StringComparer.Ordinal).Select(line => line[6..]);
        var rest = _lines.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. summary, .. rest];
    }
}
