using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL007: a dependsOn entry names nothing the controller can find. kustomize-controller looks up
/// only Kustomizations and helm-controller only HelmReleases, in the dependent's namespace unless the
/// entry gives one; a miss leaves the dependent waiting forever with 'dependency ... not found'.
/// </summary>
public sealed class DependsOnTargetInvalidRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.DependsOnTargetInvalid;

    public void Check(ClusterContext context)
    {
        var cluster = context.Cluster;

        // Objects inside an external source, or behind a path a variable hides, are unknown, so a
        // missing name may live there.
        var hasOpaqueParts = cluster.Appliers.Any(a => a.Source == SourceKind.External || a.HasUnknownBuild);

        foreach (var applier in cluster.Appliers)
        {
            if (applier.Kustomization is not { } kustomization)
                continue;
            foreach (var reference in kustomization.DependsOn)
            {
                if (!reference.IsKnown)
                    continue;
                var problem = Diagnose(cluster, "Kustomization", kustomization.Display, reference, hasOpaqueParts);
                if (problem is not null)
                    Report(context, kustomization.Object, reference, problem.Value);
            }
        }

        foreach (var release in cluster.HelmReleases)
        {
            foreach (var reference in release.Release.DependsOn)
            {
                if (!reference.IsKnown)
                    continue;
                var problem = Diagnose(cluster, "HelmRelease", release.Release.Display, reference, hasOpaqueParts);
                if (problem is not null)
                    Report(context, release.Release.Object, reference, problem.Value);
            }
        }
    }

    private void Report(ClusterContext context, KubeObject obj, DependencyReference reference, (string Message, string Help, RelatedLocation? Related) problem)
    {
        context.Report(Anchors.Create(
            Descriptor,
            Descriptor.DefaultSeverity,
            Spans.Of(obj.File, reference.Node),
            problem.Message,
            problem.Help,
            problem.Related is null ? [] : [problem.Related],
            $"{obj.Kind}|{obj.Namespace}/{obj.Name}|{reference.Display}"));
    }

    private static (string Message, string Help, RelatedLocation? Related)? Diagnose(Cluster cluster, string kind, string self, DependencyReference reference, bool hasOpaqueParts)
    {
        if (reference.Display == self)
        {
            return ($"{kind} '{self}' depends on itself, so it can never become Ready.", "Remove this entry.", null);
        }

        var isKustomization = kind == "Kustomization";
        var found = isKustomization
            ? cluster.FindKustomization(reference.Namespace, reference.Name) is not null
            : cluster.FindHelmRelease(reference.Namespace, reference.Name) is not null;
        if (found)
            return null;

        if (isKustomization && cluster.FindHelmRelease(reference.Namespace, reference.Name) is { } release)
        {
            var gate = release.AppliedBy;
            var help = gate.Kustomization is null
                ? $"Wrap HelmRelease '{release.Release.Display}' in a Kustomization with 'wait: true', and depend on that Kustomization."
                : gate.Covers(release)
                    ? $"Depend on Kustomization '{gate.Display}', which applies that HelmRelease and waits for it."
                    : $"Depend on Kustomization '{gate.Display}', which applies that HelmRelease, and set 'wait: true' on it.";
            return (
                $"Kustomization '{self}' depends on '{reference.Display}', which is a HelmRelease, but a Kustomization's dependsOn resolves only Kustomizations, so kustomize-controller reports that the dependency is not found and never applies it.",
                help,
                new RelatedLocation(release.Release.Object.Anchor, "the HelmRelease of that name"));
        }

        if (!isKustomization && cluster.FindKustomization(reference.Namespace, reference.Name) is { } other)
        {
            return (
                $"HelmRelease '{self}' depends on '{reference.Display}', which is a Kustomization, but a HelmRelease's dependsOn resolves only HelmReleases, so helm-controller never installs it.",
                "Depend on the HelmReleases that Kustomization applies, or move this HelmRelease into a Kustomization that depends on it.",
                new RelatedLocation(Anchors.Name(other.Kustomization!.Object), "the Kustomization of that name"));
        }

        var sameName = isKustomization
            ? cluster.Appliers.Where(a => a.Kustomization?.Name == reference.Name).Select(a => a.Kustomization!.Namespace)
            : cluster.HelmReleases.Where(h => h.Release.Name == reference.Name).Select(h => h.Release.Namespace);
        var namespaces = sameName.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (namespaces.Count > 0)
        {
            return (
                $"{kind} '{self}' depends on '{reference.Display}', but no {kind} of that name is in namespace '{reference.Namespace}'; one exists in namespace '{namespaces[0]}', and dependsOn looks only in the dependent's namespace unless the entry names one.",
                $"Add 'namespace: {namespaces[0]}' to this dependsOn entry.",
                null);
        }

        if (hasOpaqueParts)
            return null;
        return (
            $"{kind} '{self}' depends on '{reference.Display}', but no {kind} of that name exists in cluster '{cluster.Name}', so it waits forever on a dependency that is not found.",
            "Fix the name or namespace of this entry, or remove it.",
            null);
    }
}
