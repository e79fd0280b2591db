namespace FluxRaceLint.Knowledge;

/// <summary>
/// The failure policy a chart picks from a boolean value when its failure policy key is empty. For example,
/// kube-prometheus-stack uses Ignore while <c>admissionWebhooks.patch.enabled</c> is true and Fail otherwise.
/// </summary>
public sealed record FailurePolicyFallback(ValuesSwitch Switch, WebhookFailurePolicy WhenTrue, WebhookFailurePolicy WhenFalse)
{
    public WebhookFailurePolicy Resolve(Func<string, bool?> readBoolValue) =>
        Switch.IsOn(readBoolValue) ? WhenTrue : WhenFalse;
}
