namespace FluxRaceLint.Knowledge;

/// <summary>
/// A Helm hook Job that waits until the chart's webhook responds, such as cert-manager's startupapicheck, so
/// that the HelmRelease turns Ready only after the webhook serves.
/// </summary>
/// <param name="Phases">
/// Helm actions that run the hook (<c>install</c>, <c>upgrade</c>), or empty when not verified.
/// </param>
public sealed record WebhookReadinessHook(ValuesSwitch Switch, IReadOnlyList<string> Phases, string? Note)
{
    public bool IsEnabled(Func<string, bool?> readBoolValue) => Switch.IsOn(readBoolValue);
}
