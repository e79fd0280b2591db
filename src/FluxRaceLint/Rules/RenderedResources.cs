using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>Custom resources that chart values make a release render: the values key, their API group and kinds.</summary>
internal sealed record RenderedResource(string Key, string Group, IReadOnlyList<string> Kinds)
{
    /// <summary>The first kind, for messages.</summary>
    public string Kind => Kinds.Count > 0 ? Kinds[0] : "custom resource";
}

/// <summary>
/// The custom resources of other operators that a HelmRelease's values make its chart render, and
/// whether the release is ordered after what they need. FRL009 and FRL011 read the values the same way.
/// </summary>
internal static class RenderedResources
{
    // Values keys that charts use by wide convention to render monitoring and certificate objects.
    // They apply only to charts that the knowledge base does not describe, because described charts use their entry.
    private static readonly (string Suffix, string Group, string Kind)[] ConventionalKeys =
    [
        ("serviceMonitor.enabled", "monitoring.coreos.com", "ServiceMonitor"),
        ("servicemonitor.enabled", "monitoring.coreos.com", "ServiceMonitor"),
        ("podMonitor.enabled", "monitoring.coreos.com", "PodMonitor"),
        ("prometheusRule.enabled", "monitoring.coreos.com", "PrometheusRule"),
        ("certManager.enabled", "cert-manager.io", "Certificate"),
    ];

    private const int MaxVisitedMappings = 2_000;

    /// <summary>Returns the custom resources the values turn on, from the chart's entry or, for an unknown chart, the conventional keys.</summary>
    public static IEnumerable<RenderedResource> Of(HelmReleaseNode release)
    {
        var helm = release.Release;
        if (release.Chart is { } chart)
        {
            foreach (var rendered in chart.RenderedCustomResources(helm.BoolValue, helm.ChartVersion))
            {
                if (rendered.Key is { } key && helm.BoolValue(key) == true)
                    yield return new RenderedResource(key, rendered.Group, rendered.Kinds);
            }

            yield break;
        }

        foreach (var (suffix, group, kind) in ConventionalKeys)
        {
            foreach (var key in EnabledKeysEndingWith(helm.Values, suffix))
                yield return new RenderedResource(key, group, [kind]);
        }
    }

    /// <summary>Returns whether the provider's CRDs exist before helm-controller installs the release.</summary>
    public static bool IsOrderedBefore(Cluster cluster, HelmReleaseNode release, CrdProvider provider)
    {
        if (provider.Release is { } providerRelease && IsReleaseReadyBefore(cluster, release, providerRelease))
            return true;
        var applier = release.AppliedBy;

        // A CRD in the same Kustomization is applied and established before the HelmRelease object.
        if (provider.Kind == ProviderKind.Manifest && provider.Applier == applier)
            return true;
        return provider.Kind switch
        {
            ProviderKind.HelmChart => false,
            _ => cluster.DependencyClosure(applier).Contains(provider.Applier),
        };
    }

    /// <summary>
    /// Returns whether <paramref name="other"/> is Ready before helm-controller installs
    /// <paramref name="release"/>: through HelmRelease dependsOn, a helmfile bootstrap, or the
    /// readiness gate of a Kustomization that the applying Kustomization depends on.
    /// </summary>
    public static bool IsReleaseReadyBefore(Cluster cluster, HelmReleaseNode release, HelmReleaseNode other) =>
        Cluster.HelmDependencyClosure(release).Contains(other)
        || cluster.PreinstalledReleases.Contains(other)
        || cluster.ReadyHelmReleases(release.AppliedBy).Contains(other);

    private static IEnumerable<string> EnabledKeysEndingWith(YMapping? values, string suffix)
    {
        if (values is null)
            yield break;
        var pending = new Stack<(string Prefix, YMapping Mapping, int Depth)>();
        pending.Push(("", values, 0));
        var visited = 0;
        while (pending.Count > 0 && visited++ < MaxVisitedMappings)
        {
            var (prefix, mapping, depth) = pending.Pop();
            foreach (var entry in mapping.Entries)
            {
                var path = prefix.Length == 0 ? entry.Key.Value : $"{prefix}.{entry.Key.Value}";
                if (entry.Value is YMapping child && depth < 6)
                    pending.Push((path, child, depth + 1));
                else if (entry.Value is YScalar scalar && Fields.ParseBool(scalar) == true
                    && (path == suffix || path.EndsWith("." + suffix, StringComparison.Ordinal)))
                    yield return path;
            }
        }
    }
}
