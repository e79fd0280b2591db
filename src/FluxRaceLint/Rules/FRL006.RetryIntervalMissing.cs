using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL006: a Kustomization that can fail transiently on its first apply retries after a failure only
/// at retryInterval, which defaults to interval. Without a shorter retryInterval one lost race costs
/// a whole interval.
/// </summary>
public sealed class RetryIntervalMissingRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.RetryIntervalMissing;

    public void Check(ClusterContext context)
    {
        var needsByApplier = context.Analysis.Results.ToLookup(r => r.Applier);
        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier.Kustomization is not { Interval: { } interval } kustomization || interval.Value <= context.Options.RetryThreshold)
                continue;
            var retry = kustomization.RetryInterval?.Value;
            if (retry is { } value && value < interval.Value)
                continue;
            if (kustomization.RetryIntervalNode is not null && kustomization.RetryInterval is null)
                continue;

            // A Kustomization whose first apply has no known reason to fail can still fail (an API
            // server that is briefly away, a quota) and then waits just as long. That is worth a note
            // only where the repository shows it wants quick retries: most of the Kustomizations
            // beside it retry within the threshold, often through a parent's patch that this one
            // opts out of.
            var reason = TransientReason(applier, needsByApplier[applier]);
            if (reason is null && !SiblingsRetrySooner(applier, context.Options.RetryThreshold))
                continue;
            var location = kustomization.RetryInterval is not null
                ? Spans.Of(kustomization.Object.File, kustomization.Object.Spec!.Find("retryInterval")!.Key)
                : Anchors.Interval(kustomization);
            var delay = FluxDuration.Format(interval.Value);
            var retryText = retry is null
                ? $"with no retryInterval it retries only after its interval of {delay}"
                : $"its retryInterval of {FluxDuration.Format(retry.Value)} is not shorter than its interval of {delay}";
            var message = reason is null
                ? $"Kustomization '{applier.Display}' retries a failed apply later than the Kustomizations beside it: {retryText}."
                : $"Kustomization '{applier.Display}' can fail on its first apply ({reason}), and {retryText}.";
            var help = reason is null
                ? "Set a retryInterval shorter than the interval, such as 'retryInterval: 2m', as most Kustomizations beside it have. No CRD or webhook that it needs is known to come from elsewhere, so a failed apply is less likely here and this is a note."
                : "Set 'retryInterval: 1m' (shorter than the interval) so that a failed apply is retried soon.";
            context.Report(Anchors.Create(
                Descriptor,
                reason is null ? Severity.Note : Descriptor.DefaultSeverity,
                location,
                message,
                help,
                [],
                $"{applier.Display}|retry"));
        }
    }

    private static bool SiblingsRetrySooner(Applier applier, TimeSpan threshold)
    {
        var own = RetryDelay(applier.Kustomization!);
        var siblings = applier.Parent?.Children
            .Where(sibling => sibling != applier && sibling.Kustomization is { Interval: not null })
            .ToList() ?? [];
        var sooner = siblings.Count(sibling => RetryDelay(sibling.Kustomization!) is { } delay && delay < own && delay <= threshold);
        return sooner > 0 && sooner * 2 >= siblings.Count;
    }

    /// <summary>The wait after a failed apply: retryInterval, which defaults to interval.</summary>
    private static TimeSpan? RetryDelay(FluxKustomization kustomization) =>
        kustomization.RetryInterval?.Value ?? kustomization.Interval?.Value;

    private static bool IsCustomResource(string apiVersion)
    {
        var (group, _) = ApiGroups.Split(apiVersion);
        return !ApiGroups.IsBuiltIn(group) && !ApiGroups.IsFlux(group);
    }

    private static string? TransientReason(Applier applier, IEnumerable<NeedResult> needs)
    {
        foreach (var need in needs)
        {
            // Only a CRD or webhook that is not guaranteed when the apply starts makes the first
            // apply fail. What dependsOn orders is there, and an unknown provider proves nothing.
            if (need.Definition is NeedState.NotOrdered or NeedState.Ungated or NeedState.BesideRelease or NeedState.NoProvider)
                return $"it applies '{need.Resource.Display}', whose CRD is not guaranteed to exist yet";
            if (need.Definition == NeedState.Satisfied
                && need.Webhooks.FirstOrDefault(w => w.State is not (NeedState.Satisfied or NeedState.Unknown) && !w.Provider.FailurePolicyIgnore) is { } webhook)
                return $"it applies '{need.Resource.Display}', which the admission webhook '{webhook.Provider.Name}' checks before the webhook is guaranteed to serve";
        }

        // A health check can fail on a custom resource only through a CEL expression (healthCheckExprs):
        // without one, kstatus takes such objects as healthy at once. Operators flap these conditions
        // (a database cluster turns Ready=False during a rolling restart), and a failed check then
        // waits for the retry.
        var kustomization = applier.Kustomization!;
        if (kustomization.WaitsForAll && applier.CustomResources.FirstOrDefault(r => kustomization.HasHealthExpressionFor(r.Group, r.Kind)) is { } resource)
            return $"it waits for the health of '{resource.Display}', judged by a healthCheckExprs expression";
        var checkedResource = kustomization.HealthChecks.FirstOrDefault(check =>
            IsCustomResource(check.ApiVersion) && kustomization.HasHealthExpressionFor(ApiGroups.Split(check.ApiVersion).Group, check.Kind));
        if (checkedResource is not null)
            return $"it health-checks '{checkedResource.Kind}/{checkedResource.Name}' with a healthCheckExprs expression";
        return null;
    }
}
