namespace FluxRaceLint.Knowledge;

public enum WebhookType
{
    Validating,
    Mutating,

    /// <summary>
    /// A CRD conversion webhook. It has no failure policy, so while it does not respond, requests that
    /// need conversion fail.
    /// </summary>
    Conversion,
}
