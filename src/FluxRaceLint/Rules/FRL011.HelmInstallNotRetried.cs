using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL011: chart values make a release render custom resources whose CRD or admission webhook comes
/// from another operator that nothing orders first, and the release has no install retries. With the
/// default RemediateOnFailure strategy and zero retries, one failed install leaves the HelmRelease
/// Stalled until its spec, values or chart change.
/// </summary>
public sealed class HelmInstallNotRetriedRule : IRule
{
    // helm-controller makes RetryOnFailure the default strategy when this feature gate is on.
    private const string RetryGate = "DefaultToRetryOnFailure=true";

    // Patched objects are searched node by node; the budget bounds that for the whole cluster.
    private const int MaxScannedNodes = 200_000;

    public RuleDescriptor Descriptor => RuleCatalog.HelmInstallNotRetried;

    public void Check(ClusterContext context)
    {
        var cluster = context.Cluster;
        bool? gateOn = null;
        foreach (var release in cluster.HelmReleases)
        {
            var helm = release.Release;
            if (IsRetried(helm.Install))
                continue;
            if (FirstUnorderedNeed(context, release) is not { } need)
                continue;
            gateOn ??= HasRetryGate(cluster);
            if (gateOn == true)
                return;

            var spec = helm.Object.Spec;
            var location = helm.Install is not null
                ? Anchors.Key(helm.Object, spec, "install")
                : Anchors.Key(helm.Object, helm.Object.Root, "spec");
            var key = helm.FindValue(need.Resource.Key);
            var related = new List<RelatedLocation>();
            if (key is not null)
                related.Add(new RelatedLocation(Spans.Of(helm.Object.File, key.Key), "this value makes the chart render them"));
            related.Add(need.Related);

            var (level, assumed) = ValuesWording.Assumption(helm, [need.Resource.Key], Descriptor.DefaultSeverity);
            context.Report(Anchors.Create(
                Descriptor,
                level,
                location,
                $"HelmRelease '{helm.Display}' sets '{need.Resource.Key}: true'{ValuesWording.In(helm, need.Resource.Key)}, so its chart renders '{need.Resource.Kind}' ({need.Resource.Group}), {need.Reason}. With zero install retries and the RemediateOnFailure strategy, one failed install leaves the release failed until its spec changes.{assumed}",
                "Set 'spec.install.strategy.name: RetryOnFailure' (Flux 2.7 or later) or 'spec.install.remediation.retries' to a number other than 0, so that a failed install is tried again.",
                related,
                $"{helm.Display}|install-retries"));
        }
    }

    /// <summary>Returns true when a failed install is tried again, or when a variable makes that unknown.</summary>
    private static bool IsRetried(YMapping? install)
    {
        var strategy = Fields.String(Fields.Mapping(install, "strategy"), "name")?.Value;
        if (strategy is not null && (strategy == "RetryOnFailure" || Fields.HasVariable(strategy)))
            return true;
        if (Fields.Mapping(install, "remediation")?.Get("retries") is not YScalar { IsNull: false } retries)
            return false;
        return retries.Value.Trim() != "0";
    }

    private sealed record Need(RenderedResource Resource, string Reason, RelatedLocation Related);

    private static Need? FirstUnorderedNeed(ClusterContext context, HelmReleaseNode release)
    {
        var cluster = context.Cluster;
        foreach (var resource in RenderedResources.Of(release))
        {
            if (cluster.PreinstalledGroups.ContainsKey(resource.Group))
                continue;

            // An unknown provider may be installed before Flux starts, so only a known one counts.
            var providers = context.Analysis.ProvidersOfGroup(resource.Group).Where(p => p.Release != release).ToList();
            if (providers.Count > 0 && !providers.Any(p => RenderedResources.IsOrderedBefore(cluster, release, p)))
            {
                var provider = providers[0];
                return new Need(
                    resource,
                    $"whose CRD comes from {provider.Describe()}, which nothing orders before this release",
                    new RelatedLocation(CustomResourceBeforeDefinitionRule.ProviderSpan(provider), "the CRD comes from here"));
            }

            foreach (var webhook in context.Analysis.Webhooks)
            {
                // NOTE: only chart webhooks are checked here. The webhook configurations of the repository
                // are not matched against the resources that a chart renders.
                if (webhook is not { Release: { } owner, ChartWebhook: { } info } || owner == release || webhook.FailurePolicyIgnore
                    || !resource.Kinds.Any(kind => info.Matches(resource.Group, kind)))
                    continue;
                if (RenderedResources.IsReleaseReadyBefore(cluster, release, owner))
                    continue;
                return new Need(
                    resource,
                    $"which the admission webhook '{webhook.Name}' of HelmRelease '{owner.Release.Display}' checks, and nothing makes sure that webhook serves before this release installs",
                    new RelatedLocation(owner.Release.Object.Anchor, "the operator's HelmRelease"));
            }
        }

        return null;
    }

    /// <summary>
    /// Looks for the helm-controller feature gate in the objects the cluster applies: the controller
    /// Deployment, a FluxInstance, or the values of a HelmRelease that installs Flux.
    /// </summary>
    private static bool HasRetryGate(Cluster cluster)
    {
        // The file text is only a quick filter: a comment that mentions the gate sets nothing, so a
        // match counts only when a scalar of an applied object contains it.
        var mentions = new Dictionary<SourceFile, bool>();
        var budget = MaxScannedNodes;
        foreach (var obj in cluster.Appliers.SelectMany(a => a.Objects))
        {
            var file = obj.Object.File;
            if (!mentions.TryGetValue(file, out var mentioned))
                mentions[file] = mentioned = file.Text.Contains(RetryGate, StringComparison.Ordinal);
            if ((mentioned || obj.Object.IsPatched) && ScalarsContain(obj.Object.Root, RetryGate, ref budget))
                return true;
        }

        return false;
    }

    /// <summary>Looks for the text in the scalars below the node, visiting at most <paramref name="budget"/> nodes across calls.</summary>
    private static bool ScalarsContain(YNode root, string text, ref int budget)
    {
        var pending = new Stack<YNode>();
        var visited = new HashSet<YNode>(ReferenceEqualityComparer.Instance);
        pending.Push(root);
        while (pending.Count > 0 && budget > 0)
        {
            var node = pending.Pop();
            if (!visited.Add(node))
                continue;
            budget--;
            switch (node)
            {
                case YScalar scalar when scalar.Value.Contains(text, StringComparison.Ordinal):
                    return true;
                case YMapping mapping:
                    foreach (var entry in mapping.Entries)
                        pending.Push(entry.Value);
                    break;
                case YSequence sequence:
                    foreach (var item in sequence.Items)
                        pending.Push(item);
                    break;
            }
        }

        return false;
    }
}
