namespace FluxRaceLint.Rules;

/// <summary>The rules that run on each cluster graph, in ID order; FRL000 runs on the inputs instead.</summary>
public static class RuleSet
{
    public static readonly IReadOnlyList<IRule> ClusterRules =
    [
        new CustomResourceBeforeDefinitionRule(),
        new CustomResourceBesideHelmReleaseRule(),
        new DependsOnDefinitionsNotOperatorRule(),
        new DependencyWithoutWaitRule(),
        new HelmValuesInstallCrdsRule(),
        new RetryIntervalMissingRule(),
        new DependsOnTargetInvalidRule(),
        new DependsOnCycleRule(),
        new HelmValuesCustomResourceUnorderedRule(),
        new HelmCrdsNotUpgradedRule(),
        new HelmInstallNotRetriedRule(),
        new WaitTimeoutShorterThanReleaseRule(),
        new KustomizationPathNotFoundRule(),
        new OverlappingApplyRule(),
        new HealthCheckExprsIgnoredRule(),
    ];
}
