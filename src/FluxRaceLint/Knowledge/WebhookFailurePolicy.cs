namespace FluxRaceLint.Knowledge;

/// <summary>The <c>failurePolicy</c> of an admission webhook: what the API server does when the webhook does not respond.</summary>
public enum WebhookFailurePolicy
{
    /// <summary>The request is rejected, so an apply fails while the webhook pod is not serving.</summary>
    Fail,

    /// <summary>The request is admitted without the webhook.</summary>
    Ignore,
}
