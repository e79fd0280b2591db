namespace FluxRaceLint.Knowledge;

/// <summary>What a CRD-related values key does when it is true.</summary>
public enum CrdKeyEffect
{
    /// <summary>Renders the CRDs in the key's scope, combined with other enables keys per <see cref="CrdGate"/>.</summary>
    Enables,

    /// <summary>Stops the CRDs in the key's scope, whatever the values of the enables keys.</summary>
    Disables,

    /// <summary>Adds <c>helm.sh/resource-policy: keep</c>, so uninstalling the release keeps the CRDs.</summary>
    Keeps,

    /// <summary>Runs a hook Job that applies or upgrades the CRDs.</summary>
    Upgrades,

    /// <summary>A known CRD-related key that does not decide whether the CRDs exist.</summary>
    Option,
}
