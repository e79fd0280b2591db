namespace FluxRaceLint.Knowledge;

/// <summary>
/// Custom resources that a chart renders from its values, such as a ServiceMonitor behind
/// <c>serviceMonitor.enabled</c>. When their CRDs come from another release, this release must be ordered after it.
/// </summary>
/// <param name="Key">Values key that turns rendering on, or null when the chart always renders them.</param>
/// <param name="Default">The chart's default for <paramref name="Key"/>, or true when always rendered.</param>
/// <param name="Requires">Further boolean values that must all be true.</param>
public sealed record RenderedCustomResource(
    string? Key,
    bool Default,
    IReadOnlyList<ValuesSwitch> Requires,
    string Group,
    IReadOnlyList<string> Kinds,
    string? Note)
{
    public bool IsEnabled(Func<string, bool?> readBoolValue)
    {
        if (Key is not null && !(readBoolValue(Key) ?? Default))
        {
            return false;
        }

        return Requires.All(required => required.IsOn(readBoolValue));
    }
}
