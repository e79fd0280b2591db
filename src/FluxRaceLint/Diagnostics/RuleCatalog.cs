namespace FluxRaceLint.Diagnostics;

/// <summary>
/// Every rule the linter implements, in ID order. IDs are public: an ID never changes meaning and is
/// never reused.
/// </summary>
public static class RuleCatalog
{
    public static readonly RuleDescriptor InvalidManifest = new(
        "FRL000",
        "InvalidManifest",
        "A file or object cannot be read or understood.",
        "A YAML syntax error, a Flux object with a missing required field or a field of the wrong type, " +
        "or a file that cannot be read. The run goes on with the other files.",
        Severity.Error,
        ["input"],
        "very-high");

    public static readonly RuleDescriptor CustomResourceBeforeDefinition = new(
        "FRL001",
        "CustomResourceBeforeDefinition",
        "Custom resources can be applied before their CRD exists.",
        "A Flux Kustomization applies custom resources whose CRD comes from another Kustomization or from a " +
        "HelmRelease, and nothing in its dependsOn closure makes sure the CRD exists first; or no provider " +
        "of the CRD exists in the cluster at all.",
        Severity.Error,
        ["ordering", "crd"],
        "high");

    public static readonly RuleDescriptor CustomResourceBesideHelmRelease = new(
        "FRL002",
        "CustomResourceBesideHelmRelease",
        "A custom resource is applied together with the HelmRelease that installs its CRD or webhook.",
        "A custom resource sits in the same Flux Kustomization as the HelmRelease that installs its CRD or " +
        "serves its admission webhook. The dry-run of the whole apply stage fails, so on a fresh cluster " +
        "even the HelmRelease is never applied.",
        Severity.Error,
        ["ordering", "crd", "helm"],
        "high");

    public static readonly RuleDescriptor DependsOnDefinitionsNotOperator = new(
        "FRL003",
        "DependsOnDefinitionsNotOperator",
        "Custom resources wait for their CRDs but not for the operator's admission webhook.",
        "A Kustomization's dependsOn reaches the provider of the CRDs but not the operator whose admission " +
        "webhook validates or mutates its custom resources, so the first apply can fail with " +
        "'failed calling webhook ... connection refused'.",
        Severity.Error,
        ["ordering", "webhook"],
        "high");

    public static readonly RuleDescriptor DependencyWithoutWait = new(
        "FRL004",
        "DependencyWithoutWait",
        "Other Kustomizations depend on a Kustomization whose Ready waits for nothing.",
        "Other Kustomizations depend on a Kustomization that applies HelmReleases or other objects that " +
        "become ready asynchronously, but it has neither 'wait: true' nor healthChecks covering them, so " +
        "its Ready condition means only that the objects were applied.",
        Severity.Warning,
        ["ordering", "readiness"],
        "high");

    public static readonly RuleDescriptor HelmValuesInstallCrds = new(
        "FRL005",
        "HelmValuesInstallCrds",
        "A HelmRelease installs CRDs that are also applied elsewhere, or its values fail to turn them off.",
        "A HelmRelease installs CRDs through chart values (set explicitly or by the chart's default) while " +
        "the same CRDs are also applied elsewhere, or its values try to turn CRD installation off with a " +
        "key the chart does not know.",
        Severity.Warning,
        ["crd", "helm"],
        "high");

    public static readonly RuleDescriptor RetryIntervalMissing = new(
        "FRL006",
        "RetryIntervalMissing",
        "A Kustomization that can fail on its first apply retries only after a full interval.",
        "A Kustomization that can fail transiently on its first apply (it applies custom resources whose " +
        "CRDs or webhooks come from elsewhere, or it health-checks objects) has no retryInterval shorter " +
        "than its interval, so a failure waits a whole interval.",
        Severity.Warning,
        ["retry"],
        "high");

    public static readonly RuleDescriptor DependsOnTargetInvalid = new(
        "FRL007",
        "DependsOnTargetInvalid",
        "A dependsOn entry names no object of the right kind.",
        "A dependsOn entry names no object of the right kind in the resolved namespace: it is missing, it " +
        "is an object of the other kind (a Kustomization naming a HelmRelease or the reverse), the same " +
        "name exists in another namespace, or it names the object itself.",
        Severity.Error,
        ["graph"],
        "very-high");

    public static readonly RuleDescriptor DependsOnCycle = new(
        "FRL008",
        "DependsOnCycle",
        "dependsOn edges form a cycle.",
        "dependsOn edges form a cycle, which Flux never detects: none of its members ever becomes ready.",
        Severity.Error,
        ["graph"],
        "very-high");

    public static readonly RuleDescriptor HelmValuesCustomResourceUnordered = new(
        "FRL009",
        "HelmValuesCustomResourceUnordered",
        "Chart values render custom resources whose CRDs are not ordered before the release.",
        "HelmRelease values enable custom resources that the chart renders (serviceMonitor.enabled, " +
        "certManager.enabled, ...) whose CRDs come from another release or Kustomization that is not " +
        "ordered before this HelmRelease, so the install can fail with 'resource mapping not found'.",
        Severity.Warning,
        ["ordering", "helm", "crd"],
        "medium");

    public static readonly RuleDescriptor HelmCrdsNotUpgraded = new(
        "FRL010",
        "HelmCrdsNotUpgraded",
        "A chart's CRDs from its crds/ directory are never updated on upgrades.",
        "The chart ships CRDs in its crds/ directory and the HelmRelease does not set upgrade.crds to " +
        "CreateReplace, so helm-controller creates the CRDs once and never updates them when the chart " +
        "is upgraded.",
        Severity.Warning,
        ["crd", "helm"],
        "high");

    public static readonly RuleDescriptor HelmInstallNotRetried = new(
        "FRL011",
        "HelmInstallNotRetried",
        "A HelmRelease that can lose a race on its install is never retried.",
        "A HelmRelease renders custom resources whose CRD or admission webhook comes from another " +
        "operator that nothing orders first, and it has no install retries and no RetryOnFailure " +
        "strategy, so one failed install leaves it failed until its spec changes.",
        Severity.Warning,
        ["retry", "helm"],
        "medium");

    public static readonly RuleDescriptor WaitTimeoutShorterThanRelease = new(
        "FRL012",
        "WaitTimeoutShorterThanRelease",
        "A Kustomization waits for a HelmRelease for less time than the release may take.",
        "A Kustomization with 'wait: true', or with a healthChecks entry for a HelmRelease it applies, " +
        "has an effective timeout shorter than the release's (5m by default), so its health check can " +
        "fail while the chart is still installing.",
        Severity.Warning,
        ["readiness", "helm"],
        "high");

    public static readonly RuleDescriptor KustomizationPathNotFound = new(
        "FRL013",
        "KustomizationPathNotFound",
        "A Kustomization's path is not a folder of the repository.",
        "spec.path of a Kustomization whose source is this repository does not exist, or is a file, so " +
        "kustomize-controller fails to build it and applies nothing.",
        Severity.Error,
        ["graph", "input"],
        "very-high");

    public static readonly RuleDescriptor OverlappingApply = new(
        "FRL014",
        "OverlappingApply",
        "Two Kustomizations apply the same object.",
        "Two Kustomizations of one cluster apply the same object, for example a parent whose generated " +
        "kustomization takes in the folder that a gated child applies, so the object skips the child's " +
        "dependsOn gate and pruning either Kustomization deletes it.",
        Severity.Error,
        ["graph", "ordering"],
        "high");

    public static readonly RuleDescriptor HealthCheckExprsIgnored = new(
        "FRL015",
        "HealthCheckExprsIgnored",
        "healthCheckExprs are set but never evaluated.",
        "A Kustomization sets healthCheckExprs but neither 'wait: true' nor healthChecks, so " +
        "kustomize-controller runs no health check and never evaluates the expressions.",
        Severity.Warning,
        ["readiness"],
        "very-high");

    /// <summary>Every rule, in ID order.</summary>
    public static readonly IReadOnlyList<RuleDescriptor> All =
    [
        InvalidManifest,
        CustomResourceBeforeDefinition,
        CustomResourceBesideHelmRelease,
        DependsOnDefinitionsNotOperator,
        DependencyWithoutWait,
        HelmValuesInstallCrds,
        RetryIntervalMissing,
        DependsOnTargetInvalid,
        DependsOnCycle,
        HelmValuesCustomResourceUnordered,
        HelmCrdsNotUpgraded,
        HelmInstallNotRetried,
        WaitTimeoutShorterThanRelease,
        KustomizationPathNotFound,
        OverlappingApply,
        HealthCheckExprsIgnored,
    ];

    public static RuleDescriptor? Find(string id) =>
        All.FirstOrDefault(rule => string.Equals(rule.Id, id, StringComparison.OrdinalIgnoreCase));
}
