namespace FluxRaceLint.Knowledge;

/// <summary>How a chart gets its CRDs into the cluster, which decides the Flux setting that matters.</summary>
public enum CrdDelivery
{
    /// <summary>The entry records no delivery, so the linter makes no claim about the chart's CRDs.</summary>
    Unknown,

    /// <summary>
    /// Helm's <c>crds/</c> directory, also of a sub-chart. helm-controller installs these before the release
    /// according to <c>install.crds</c> and updates them only with <c>upgrade.crds: CreateReplace</c>.
    /// </summary>
    CrdsDirectory,

    /// <summary>Ordinary release objects rendered from templates, usually behind a values key.</summary>
    Templates,

    /// <summary>A pre-install or pre-upgrade hook Job applies them.</summary>
    HookJob,

    /// <summary>The running operator creates them, so they exist only after its pod has started.</summary>
    Runtime,

    /// <summary>The chart ships no CRDs.</summary>
    None,
}
