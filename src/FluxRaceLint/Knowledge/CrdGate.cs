namespace FluxRaceLint.Knowledge;

/// <summary>How the <see cref="CrdKeyEffect.Enables"/> keys that apply to one CRD combine.</summary>
public enum CrdGate
{
    /// <summary>
    /// Every applicable enables key must be true, as in external-secrets, where <c>installCRDs</c> and the
    /// per-kind <c>crds.create&lt;Kind&gt;</c> key are both required.
    /// </summary>
    AllMustBeTrue,

    /// <summary>
    /// One true enables key is enough, as in cert-manager, where <c>crds.enabled</c> or the deprecated
    /// <c>installCRDs</c> renders the CRDs.
    /// </summary>
    AnyEnables,
}
