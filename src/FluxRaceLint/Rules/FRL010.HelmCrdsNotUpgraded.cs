using FluxRaceLint.Diagnostics;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL010: the chart ships CRDs in its crds/ directory, and the HelmRelease does not set
/// upgrade.crds to CreateReplace. helm-controller then creates the CRDs on install but never updates
/// them, so after a chart upgrade the new operator runs against the old schemas.
/// </summary>
public sealed class HelmCrdsNotUpgradedRule : IRule
{
    private const string Replace = "CreateReplace";

    public RuleDescriptor Descriptor => RuleCatalog.HelmCrdsNotUpgraded;

    public void Check(ClusterContext context)
    {
        foreach (var release in context.Cluster.HelmReleases)
        {
            if (release.Chart is not { } chart || !ShipsCrdsDirectory(chart))
                continue;
            var helm = release.Release;
            if (chart.InstallsCrds(helm.BoolValue, helm.ChartVersion) == false)
                continue;

            // A hook Job of the chart applies the CRDs on upgrades itself.
            if (chart.UpgradesCrdsWithHookJob(helm.BoolValue, helm.ChartVersion))
                continue;

            // With install.crds: Skip the CRDs come from somewhere else, which keeps them current.
            var install = Fields.String(helm.Install, "crds")?.Value;
            if (install == "Skip" || Fields.Bool(helm.Install, "skipCRDs")?.Value == true)
                continue;
            if (install is not null && Fields.HasVariable(install))
                continue;

            // A policy that a variable sets, or a value that is not a string, is left to FRL000 and Flux.
            var upgrade = Fields.String(helm.Upgrade, "crds")?.Value;
            if (upgrade == Replace || (upgrade is not null && Fields.HasVariable(upgrade)))
                continue;
            if (upgrade is null && helm.Upgrade?.Get("crds") is { } node && node is not YScalar { IsNull: true })
                continue;

            var setting = upgrade is null ? "sets no 'upgrade.crds'" : $"sets 'upgrade.crds: {upgrade}'";
            var location = Anchors.Key(helm.Object, helm.Object.Spec, helm.Upgrade is not null ? "upgrade" : helm.Object.Spec?.Find("chart") is not null ? "chart" : "chartRef");
            var groups = chart.Crds.Groups.Where(g => (g.Delivery ?? chart.Crds.Delivery) == CrdDelivery.CrdsDirectory).Select(g => g.Group);
            var (level, assumed) = ValuesWording.Assumption(helm, chart.Crds.Keys.Select(k => k.Key), Descriptor.DefaultSeverity);
            context.Report(Anchors.Create(
                Descriptor,
                level,
                location,
                $"HelmRelease '{helm.Display}' installs the CRDs of {Anchors.List(groups)} from the crds/ directory of chart '{chart.Name}' but {setting}, so helm-controller never updates them when the chart is upgraded, and the new chart version runs against the old CRDs.{assumed}",
                $"Set 'spec.upgrade.crds: {Replace}' on this HelmRelease.",
                [],
                $"{helm.Display}|upgrade-crds"));
        }
    }

    private static bool ShipsCrdsDirectory(ChartInfo chart) =>
        chart.Crds.Groups.Any(g => (g.Delivery ?? chart.Crds.Delivery) == CrdDelivery.CrdsDirectory);
}
