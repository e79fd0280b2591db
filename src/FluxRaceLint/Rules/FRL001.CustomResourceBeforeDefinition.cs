using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL001: a Kustomization applies custom resources whose CRD comes from elsewhere, and its
/// dependsOn closure does not reach the provider, so the dry-run can fail with 'no matches for kind'.
/// </summary>
public sealed class CustomResourceBeforeDefinitionRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.CustomResourceBeforeDefinition;

    public void Check(ClusterContext context)
    {
        var unordered = context.Analysis.Results.Where(r => r.Definition is NeedState.NotOrdered or NeedState.NoProvider);
        foreach (var group in unordered.GroupBy(r => (r.Applier, r.Resource.Group, r.Definition)))
        {
            var (applier, apiGroup, state) = group.Key;
            var results = group.ToList();
            var resources = results.Select(r => r.Resource.Display).ToList();
            var first = results[0];
            var related = results.Take(5).Select(r => Anchors.Related(r.Resource, "custom resource applied here")).ToList();
            var owner = applier.Describe(sentenceStart: true);
            var location = applier.Kustomization is { } kustomization ? Anchors.DependsOnOrName(kustomization) : first.Resource.Object.Anchor;

            if (state == NeedState.NoProvider)
            {
                context.Report(Anchors.Create(
                    Descriptor,
                    Descriptor.DefaultSeverity,
                    location,
                    $"{owner} applies {Anchors.List(resources)} of API group '{apiGroup}', but no CRD for that group is applied in cluster '{context.Cluster.Name}', so the apply fails with 'no matches for kind \"{first.Resource.Kind}\"'.",
                    $"Apply the CRD from a Kustomization that this one depends on. If something outside Flux installs it before Flux starts, list '{apiGroup}' under assumePresent in .fluxracelint.yaml.",
                    related,
                    $"{applier.Display}|{apiGroup}|no-provider"));
                continue;
            }

            if (first.InferredProvider is { } inferred)
            {
                var others = context.Analysis.Results.Where(r => r.Resource.Group == apiGroup && r.Applier != applier).Select(r => r.Applier).Distinct().Count();
                related.Add(new RelatedLocation(Anchors.Name(inferred.Kustomization!.Object), "the likely provider"));
                context.Report(Anchors.Create(
                    Descriptor,
                    Descriptor.DefaultSeverity,
                    location,
                    $"{owner} applies {Anchors.List(resources)} of API group '{apiGroup}', but its dependsOn does not reach Kustomization '{inferred.Display}', which all {others} other Kustomizations that apply '{apiGroup}' resources depend on; without it the apply can fail with 'no matches for kind \"{first.Resource.Kind}\"'.",
                    applier.Kustomization is { } dependent
                        ? $"Add '{Anchors.DependsOnEntry(inferred, dependent.Namespace)}' to spec.dependsOn, as the other Kustomizations do."
                        : $"Apply these custom resources from a Kustomization that depends on '{inferred.Display}'.",
                    related,
                    $"{applier.Display}|{apiGroup}|{inferred.Display}"));
                continue;
            }

            var providers = first.Providers.Where(p => p.Applier != applier).ToList();
            if (providers.Count == 0)
                continue;
            var provider = providers[0];
            related.Add(new RelatedLocation(ProviderSpan(provider), "the CRD comes from here"));
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                location,
                $"{owner} applies {Anchors.List(resources)} of API group '{apiGroup}', whose CRD comes from {provider.Describe()}, {(Anchors.IsAncestor(provider.Applier, applier) || provider.Applier.IsImplicitRoot ? "which applies this Kustomization too, so dependsOn cannot order this one after it" : "but its dependsOn does not reach that Kustomization")}, so the apply can fail with 'no matches for kind \"{first.Resource.Kind}\"'.",
                Help(applier, provider),
                related,
                $"{applier.Display}|{apiGroup}|{provider.Applier.Display}"));
        }
    }

    internal static SourceSpan ProviderSpan(CrdProvider provider) => provider switch
    {
        { Release: { } release } => release.Release.Object.Anchor,
        { Definition: { } definition } => definition.Applied.Object.Anchor,
        _ => provider.Applier.Kustomization is { } kustomization ? Anchors.Name(kustomization.Object) : SourceSpan.StartOf(""),
    };

    private static string Help(Applier applier, CrdProvider provider)
    {
        if (provider.Kind == ProviderKind.HelmChart && (provider.Applier.IsImplicitRoot || Anchors.IsAncestor(provider.Applier, applier)))
        {
            return $"Move HelmRelease '{provider.Release!.Release.Display}' into a Kustomization of its own with 'wait: true', and add that Kustomization to spec.dependsOn.";
        }

        if (applier.IsImplicitRoot)
            return $"Apply these custom resources from a Kustomization that depends on '{provider.Applier.Display}'.";

        var entry = Anchors.DependsOnEntry(provider.Applier, applier.Kustomization!.Namespace);
        if (provider.Kind == ProviderKind.HelmChart && !provider.Applier.Covers(provider.Release!))
            return $"Add '{entry}' to spec.dependsOn, and set 'wait: true' on '{provider.Applier.Display}' so that it is Ready only once the chart is installed.";
        return $"Add '{entry}' to spec.dependsOn.";
    }
}
