using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL003: the CRDs are ordered, but the operator whose admission webhook validates the custom
/// resources is not. Helm registers the webhook configuration before the webhook pod serves, so the
/// dry-run fails with 'failed calling webhook ... connection refused' in that window.
/// </summary>
public sealed class DependsOnDefinitionsNotOperatorRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.DependsOnDefinitionsNotOperator;

    public void Check(ClusterContext context)
    {
        var races = context.Analysis.Results
            .Where(r => r.Definition == NeedState.Satisfied)
            .SelectMany(r => r.Webhooks.Where(w => w.State == NeedState.NotOrdered).Select(w => (Result: r, w.Provider)));
        foreach (var group in races.GroupBy(race => (race.Result.Applier, race.Provider.Release)))
        {
            var (applier, release) = group.Key;
            var items = group.ToList();
            var webhooks = items.Select(i => i.Provider.Webhook.Name).Distinct(StringComparer.Ordinal).ToList();
            var resources = items.Select(i => i.Result.Resource.Display).ToList();
            var owner = applier.Describe(sentenceStart: true);
            var level = items.All(i => i.Provider.FailurePolicyIgnore) ? Severity.Note : Descriptor.DefaultSeverity;
            var policy = level == Severity.Note
                ? "Its failure policy is Ignore, so the API server admits the objects unvalidated while the webhook is down."
                : "The apply can fail with 'failed calling webhook ... connection refused' until the webhook pod serves.";
            var location = applier.Kustomization is { } kustomization ? Anchors.DependsOnOrName(kustomization) : items[0].Result.Resource.Object.Anchor;
            var related = items.Take(5).Select(i => Anchors.Related(i.Result.Resource, "custom resource applied here")).ToList();
            related.Add(new RelatedLocation(release.Release.Object.Anchor, "the operator's HelmRelease"));

            context.Report(Anchors.Create(
                Descriptor,
                level,
                location,
                $"{owner} applies {Anchors.List(resources)}, which the admission {Anchors.Plural(webhooks.Count, "webhook")} {Anchors.List(webhooks)} of HelmRelease '{release.Release.Display}' {(webhooks.Count == 1 ? "checks" : "check")}, {Unreachable(applier, release.AppliedBy)} {policy}",
                Help(applier, release),
                related,
                $"{applier.Display}|{release.Release.Display}|webhook"));
        }
    }

    /// <summary>Says why dependsOn does not order the operator first, naming the case of an operator applied by an ancestor.</summary>
    internal static string Unreachable(Applier applier, Applier provider)
    {
        if (Anchors.IsAncestor(provider, applier))
            return $"but the operator is applied by {provider.Describe()}, which also applies this Kustomization, so dependsOn cannot order this one after the operator.";
        return $"but its dependsOn does not reach Kustomization '{provider.Display}' that applies the operator.";
    }

    private static string Help(Applier applier, HelmReleaseNode release)
    {
        var provider = release.AppliedBy;
        if (provider.IsImplicitRoot || Anchors.IsAncestor(provider, applier))
            return $"Move HelmRelease '{release.Release.Display}' into a Kustomization of its own with 'wait: true', and add that Kustomization to spec.dependsOn.";
        if (applier.IsImplicitRoot)
            return $"Apply these custom resources from a Kustomization that depends on '{provider.Display}'.";
        var entry = Anchors.DependsOnEntry(provider, applier.Kustomization!.Namespace);
        return provider.Covers(release)
            ? $"Add '{entry}' to spec.dependsOn."
            : $"Add '{entry}' to spec.dependsOn, and set 'wait: true' on '{provider.Display}'.";
    }
}
