using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL002: a custom resource is applied in the same Kustomization as the HelmRelease that installs its
/// CRD or serves its webhook. kustomize-controller dry-runs the whole stage at once, so the custom
/// resource fails the stage and the HelmRelease is never applied: a deadlock on a fresh cluster.
/// </summary>
public sealed class CustomResourceBesideHelmReleaseRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.CustomResourceBesideHelmRelease;

    public void Check(ClusterContext context)
    {
        foreach (var result in context.Analysis.Results)
        {
            var applier = result.Applier;
            var owner = applier.Describe();
            string? message = null;
            HelmReleaseNode? release = null;
            if (result.Definition == NeedState.BesideRelease && result.Culprit?.Release is { } crdRelease)
            {
                release = crdRelease;
                message = $"'{result.Resource.Display}' is applied by {owner} together with HelmRelease '{crdRelease.Release.Display}', which installs its CRD. The dry-run of the whole set fails with 'no matches for kind \"{result.Resource.Kind}\"' on a fresh cluster, so the HelmRelease is never applied either.";
            }
            else if (result.Definition == NeedState.Satisfied
                && result.Webhooks.FirstOrDefault(w => w.State == NeedState.BesideRelease && !w.Provider.FailurePolicyIgnore)?.Provider is { Release: { } webhookRelease } webhook)
            {
                release = webhookRelease;
                message = $"'{result.Resource.Display}' is applied by {owner} together with HelmRelease '{webhookRelease.Release.Display}', whose admission webhook '{webhook.Name}' validates it. Once the chart registers the webhook, applies fail with 'failed calling webhook' whenever its pod is not serving.";
            }

            if (message is null || release is null)
                continue;

            var help = applier.IsImplicitRoot
                ? $"Move the custom resource to a Kustomization that depends on a Kustomization with 'wait: true' that applies HelmRelease '{release.Release.Display}'."
                : applier.Covers(release)
                    ? $"Move the custom resource to a Kustomization that depends on '{applier.Display}'."
                    : $"Move the custom resource to a Kustomization that depends on '{applier.Display}', and set 'wait: true' on '{applier.Display}'.";
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                result.Resource.Object.Anchor,
                message,
                help,
                [new RelatedLocation(release.Release.Object.Anchor, "the HelmRelease applied in the same Kustomization")],
                $"{applier.Display}|{result.Resource.Display}|{release.Release.Display}"));
        }
    }
}
