using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL004: a Kustomization that others depend on applies HelmReleases but has no readiness gate. Its
/// Ready condition then means "applied", and dependsOn on it waits for nothing the releases install.
/// </summary>
public sealed class DependencyWithoutWaitRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.DependencyWithoutWait;

    public void Check(ClusterContext context)
    {
        var reported = new HashSet<Applier>();
        ReportNeededGates(context, reported);

        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier.Kustomization is not { } kustomization || reported.Contains(applier) || applier.HasReadinessGate)
                continue;
            var releases = applier.HelmReleases.Where(r => !applier.Covers(r)).ToList();
            if (releases.Count == 0)
                continue;
            var dependents = context.Cluster.Dependents(applier);
            if (dependents.Count == 0)
                continue;

            context.Report(Anchors.Create(
                Descriptor,
                Severity.Warning,
                Anchors.Name(kustomization.Object),
                $"{(dependents.Count == 1 ? "Kustomization" : "Kustomizations")} {Anchors.List(dependents.Select(d => d.Display))} {(dependents.Count == 1 ? "depends" : "depend")} on Kustomization '{applier.Display}', which applies {Anchors.Plural(releases.Count, "HelmRelease")} {Anchors.List(releases.Select(r => r.Release.Display))} but has neither 'wait: true' nor healthChecks, so it is Ready once {(releases.Count == 1 ? "it is applied, before the chart is" : "they are applied, before the charts are")} installed.",
                "Set 'wait: true' on this Kustomization, or list the HelmReleases in its healthChecks.",
                [.. dependents.Take(5).Where(d => d.Kustomization is not null).Select(d => new RelatedLocation(Anchors.DependsOnOrName(d.Kustomization!), $"'{d.Display}' depends on it here"))],
                $"{applier.Display}|readiness"));
        }
    }

    /// <summary>
    /// The error case: a dependent needs CRDs or a webhook that only an ungated HelmRelease provides, or a
    /// webhook whose server (a Deployment of the repository) the gate does not wait for.
    /// </summary>
    private void ReportNeededGates(ClusterContext context, HashSet<Applier> reported)
    {
        var needs = new List<(Applier Gate, HelmReleaseNode? Release, WebhookServer? Server, NeedResult Result, string What)>();
        foreach (var result in context.Analysis.Results)
        {
            if (result.Definition == NeedState.Ungated && result.Culprit?.Release is { } release)
                needs.Add((result.Culprit.Applier, release, null, result, $"the CRDs of '{result.Resource.Group}'"));
            else if (result.Definition == NeedState.Satisfied)
            {
                foreach (var (provider, _, _) in result.Webhooks.Where(w => w.State == NeedState.Ungated && !w.Provider.FailurePolicyIgnore))
                    needs.Add((provider.Applier, provider.Release, provider.Server, result, $"the admission webhook '{provider.Name}'"));
            }
        }

        foreach (var group in needs.GroupBy(n => n.Gate))
        {
            var gate = group.Key;
            if (gate.Kustomization is not { } kustomization || !reported.Add(gate))
                continue;
            var items = group.ToList();
            var first = items[0];
            var dependents = items.Select(i => i.Result.Applier.Display).ToList();
            var releases = items.Where(i => i.Release is not null).Select(i => i.Release!.Release.Display).Distinct(StringComparer.Ordinal).ToList();
            var servers = items.Where(i => i.Release is null && i.Server is not null).Select(i => i.Server!.Describe()).Distinct(StringComparer.Ordinal).ToList();
            var what = string.Join(" and ", items.Select(i => i.What).Distinct(StringComparer.Ordinal));
            var related = items.Take(5).Select(i => Anchors.Related(i.Result.Resource, $"needs {i.What}")).ToList();
            var failure = first.What.StartsWith("the CRDs", StringComparison.Ordinal)
                ? $"'no matches for kind \"{first.Result.Resource.Kind}\"'"
                : "'failed calling webhook ... connection refused'";
            var dependency = $"{Anchors.List(dependents)} {(dependents.Distinct().Count() == 1 ? "depends" : "depend")} on Kustomization '{gate.Display}'";

            if (servers.Count == 0)
            {
                context.Report(Anchors.Create(
                    Descriptor,
                    Severity.Error,
                    Anchors.Name(kustomization.Object),
                    $"{dependency} for {what} from {Anchors.Plural(releases.Count, "HelmRelease")} {Anchors.List(releases)}, but '{gate.Display}' has neither 'wait: true' nor healthChecks, so it is Ready before the chart is installed and the custom resources fail with {failure}.",
                    "Set 'wait: true' on this Kustomization, or list the HelmRelease in its healthChecks.",
                    related,
                    $"{gate.Display}|readiness"));
                continue;
            }

            // The webhook of a repository webhook configuration serves once the workload behind its
            // Service is ready, which the gate waits for only with 'wait: true' or a health check on it.
            var sources = servers.Concat(releases.Select(r => $"HelmRelease '{r}'")).ToList();
            var served = string.Join(" and ", sources);
            var gap = kustomization.HasReadinessGate
                ? $"the healthChecks of '{gate.Display}' do not include {served}"
                : $"'{gate.Display}' has neither 'wait: true' nor healthChecks";
            related.AddRange(items.Where(i => i.Server is not null).Select(i => new RelatedLocation(i.Server!.Anchor, "the webhook is served from here")).Take(3));
            context.Report(Anchors.Create(
                Descriptor,
                Severity.Error,
                Anchors.Name(kustomization.Object),
                $"{dependency} for {what}, which {served} {(sources.Count == 1 ? "serves" : "serve")}, but {gap}, so it is Ready before the webhook's pods are ready and the custom resources fail with {failure}.",
                $"Set 'wait: true' on this Kustomization, or list {served} in its healthChecks.",
                related,
                $"{gate.Display}|readiness"));
        }
    }
}
