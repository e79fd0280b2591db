namespace FluxRaceLint.Knowledge;

/// <summary>A boolean chart value: its dotted values path and the chart's default.</summary>
public sealed record ValuesSwitch(string Key, bool Default)
{
    /// <summary>
    /// Returns the value the HelmRelease sets, or the chart's default when
    /// <paramref name="readBoolValue"/> returns null for <see cref="Key"/>.
    /// </summary>
    public bool IsOn(Func<string, bool?> readBoolValue) => readBoolValue(Key) ?? Default;
}
