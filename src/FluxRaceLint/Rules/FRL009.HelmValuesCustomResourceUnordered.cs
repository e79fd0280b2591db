using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL009: chart values make the chart render custom resources of another operator, and nothing
/// orders the release after the provider of their CRDs. Helm then fails the whole install with
/// 'resource mapping not found ... ensure CRDs are installed first', and with the default of zero
/// install retries the release stays failed until its spec changes.
/// </summary>
public sealed class HelmValuesCustomResourceUnorderedRule : IRule
{
    // Values keys that charts use by wide convention to render monitoring and certificate objects.
    // They apply to charts the knowledge base does not describe; described charts use their entry.
    private static readonly (string Suffix, string Group, string Kind)[] ConventionalKeys =
    [
        ("serviceMonitor.enabled", "monitoring.coreos.com", "ServiceMonitor"),
        ("servicemonitor.enabled", "monitoring.coreos.com", "ServiceMonitor"),
        ("podMonitor.enabled", "monitoring.coreos.com", "PodMonitor"),
        ("prometheusRule.enabled", "monitoring.coreos.com", "PrometheusRule"),
        ("certManager.enabled", "cert-manager.io", "Certificate"),
    ];

    public RuleDescriptor Descriptor => RuleCatalog.HelmValuesCustomResourceUnordered;

    public void Check(ClusterContext context)
    {
        foreach (var release in context.Cluster.HelmReleases)
        {
            foreach (var (key, group, kind) in RenderedResources(release))
            {
                if (context.Cluster.PreinstalledGroups.ContainsKey(group))
                    continue;
                var providers = context.Analysis.ProvidersOfGroup(group).Where(p => p.Release != release).ToList();
                if (providers.Count == 0 || providers.Any(p => IsOrderedBefore(context.Cluster, release, p)))
                    continue;

                var provider = providers[0];
                var help = provider.Release is { } providerRelease
                    ? $"Add '{{name: {providerRelease.Release.Name}, namespace: {providerRelease.Release.Namespace}}}' to spec.dependsOn of this HelmRelease"
                        + (release.AppliedBy.Kustomization is { } parent && provider.Applier.Kustomization is not null && provider.Applier != release.AppliedBy
                            ? $", or make Kustomization '{parent.Display}' depend on '{provider.Applier.Display}' if that one has 'wait: true'."
                            : ".")
                    : release.AppliedBy.Kustomization is { } kustomization
                        ? $"Make Kustomization '{kustomization.Display}' depend on '{provider.Applier.Display}'."
                        : $"Apply this HelmRelease from a Kustomization that depends on '{provider.Applier.Display}'.";
                var entry = release.Release.FindValue(key)!;
                var (level, assumed) = ValuesWording.Assumption(release.Release, [key], Descriptor.DefaultSeverity);
                context.Report(Anchors.Create(
                    Descriptor,
                    level,
                    Spans.Of(release.Release.Object.File, entry.Key),
                    $"HelmRelease '{release.Release.Display}' sets '{key}: true'{ValuesWording.In(release.Release, key)}, so its chart renders '{kind}' ({group}), whose CRD comes from {provider.Describe()}; nothing orders this release after it, so the install can fail with 'no matches for kind \"{kind}\"'.{assumed}",
                    help,
                    [new RelatedLocation(CustomResourceBeforeDefinitionRule.ProviderSpan(provider), "the CRD comes from here")],
                    $"{release.Release.Display}|{key}|{group}"));
            }
        }
    }

    private static IEnumerable<(string Key, string Group, string Kind)> RenderedResources(HelmReleaseNode release)
    {
        var helm = release.Release;
        if (release.Chart is { } chart)
        {
            foreach (var rendered in chart.RenderedCustomResources(helm.BoolValue, helm.ChartVersion))
            {
                if (rendered.Key is { } key && helm.BoolValue(key) == true)
                    yield return (key, rendered.Group, rendered.Kinds.Count > 0 ? rendered.Kinds[0] : "custom resource");
            }

            yield break;
        }

        foreach (var (suffix, group, kind) in ConventionalKeys)
        {
            foreach (var key in EnabledKeysEndingWith(helm.Values, suffix))
                yield return (key, group, kind);
        }
    }

    private static IEnumerable<string> EnabledKeysEndingWith(Loading.YMapping? values, string suffix)
    {
        if (values is null)
            yield break;
        var pending = new Stack<(string Prefix, Loading.YMapping Mapping, int Depth)>();
        pending.Push(("", values, 0));
        var visited = 0;
        while (pending.Count > 0 && visited++ < 2_000)
        {
            var (prefix, mapping, depth) = pending.Pop();
            foreach (var entry in mapping.Entries)
            {
                var path = prefix.Length == 0 ? entry.Key.Value : $"{prefix}.{entry.Key.Value}";
                if (entry.Value is Loading.YMapping child && depth < 6)
                    pending.Push((path, child, depth + 1));
                else if (entry.Value is Loading.YScalar scalar && Fields.ParseBool(scalar) == true
                    && (path == suffix || path.EndsWith("." + suffix, StringComparison.Ordinal)))
                    yield return path;
            }
        }
    }

    /// <summary>Returns whether the provider's CRDs exist before helm-controller installs the release.</summary>
    private static bool IsOrderedBefore(Cluster cluster, HelmReleaseNode release, CrdProvider provider)
    {
        if (provider.Release is { } providerRelease && Cluster.HelmDependencyClosure(release).Contains(providerRelease))
            return true;
        if (provider.Release is { } preinstalled && cluster.PreinstalledReleases.Contains(preinstalled))
            return true;
        var applier = release.AppliedBy;

        // A CRD in the same Kustomization is applied and established before the HelmRelease object.
        if (provider.Kind == ProviderKind.Manifest && provider.Applier == applier)
            return true;
        var closure = cluster.DependencyClosure(applier);
        return provider.Kind switch
        {
            ProviderKind.HelmChart => cluster.ReadyHelmReleases(applier).Contains(provider.Release!),
            _ => closure.Contains(provider.Applier),
        };
    }
}
