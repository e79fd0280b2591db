namespace FluxRaceLint.Knowledge;

/// <summary>One key of a <see cref="CrdKeyConflict"/> and the value that takes part in the conflict.</summary>
public sealed record ConflictCondition(string Key, bool Value, bool Default)
{
    public bool Holds(Func<string, bool?> readBoolValue) => (readBoolValue(Key) ?? Default) == Value;
}

/// <summary>
/// A combination of CRD values that makes the chart fail to render, such as cert-manager's
/// <c>installCRDs: true</c> together with <c>crds.enabled: true</c>.
/// </summary>
/// <param name="When">Conditions that must all hold for the conflict to occur. Unset keys take the chart's default.</param>
/// <param name="Reason">What the chart reports when rendering fails.</param>
public sealed record CrdKeyConflict(IReadOnlyList<ConflictCondition> When, string Reason)
{
    public IEnumerable<string> Keys => When.Select(condition => condition.Key);

    public bool Holds(Func<string, bool?> readBoolValue) => When.All(condition => condition.Holds(readBoolValue));
}
