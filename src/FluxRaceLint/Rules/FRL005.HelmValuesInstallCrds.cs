using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL005: a HelmRelease installs CRDs through its chart values while the same CRDs are applied
/// elsewhere, or its values try to turn CRDs off with a key the chart does not have. Since
/// helm-controller 1.2 an install adopts existing CRDs, so two controllers end up owning them, and
/// pruning or uninstalling either side deletes them with every custom resource.
/// </summary>
public sealed class HelmValuesInstallCrdsRule : IRule
{
    private const int MaxValueKeys = 5_000;

    public RuleDescriptor Descriptor => RuleCatalog.HelmValuesInstallCrds;

    public void Check(ClusterContext context)
    {
        foreach (var release in context.Cluster.HelmReleases)
        {
            if (release.Chart is not { } chart || chart.Crds.Delivery is CrdDelivery.None)
                continue;
            var helm = release.Release;
            var installs = chart.InstallsCrds(helm.BoolValue, helm.ChartVersion);
            var elsewhere = OtherProviders(context, release, chart);
            var present = ValueKeys(helm.Values).ToList();
            var crdKeys = chart.Crds.Keys.Select(k => k.Key).ToList();

            foreach (var conflict in chart.ConflictingCrdKeys(helm.BoolValue, helm.ChartVersion))
            {
                var key = conflict.Keys.FirstOrDefault(k => helm.FindValue(k) is not null) ?? conflict.Keys.First();
                var (level, assumed) = ValuesWording.Assumption(helm, conflict.Keys, Descriptor.DefaultSeverity);
                context.Report(Anchors.Create(
                    Descriptor,
                    level,
                    ValueSpan(helm, key),
                    $"HelmRelease '{helm.Display}' sets {Anchors.List(conflict.Keys)} together, which chart '{chart.Name}' rejects: {conflict.Reason.TrimEnd('.')}.{assumed}",
                    $"Keep only one of {Anchors.List(conflict.Keys)}.",
                    [],
                    $"{helm.Display}|conflict|{string.Join(",", conflict.Keys)}"));
            }

            if (installs == false)
                continue;

            var unknown = chart.UnknownCrdToggleKeys(present, helm.ChartVersion);
            var also = elsewhere.Count > 0 ? $" {elsewhere[0].Describe()} applies them too, so two controllers own the same CRDs." : "";
            var related = elsewhere.Take(3).Select(p => new RelatedLocation(CustomResourceBeforeDefinitionRule.ProviderSpan(p), "the same CRDs are applied here")).ToList();
            var enabling = chart.Crds.Keys.FirstOrDefault(k => k.Effect == CrdKeyEffect.Enables && helm.BoolValue(k.Key) == true);
            var disable = enabling is not null ? $"Set '{enabling.Key}: false' to leave the CRDs to the other source." : DisablingAdvice(chart);

            foreach (var key in unknown)
            {
                var (level, assumed) = ValuesWording.Assumption(helm, crdKeys, Descriptor.DefaultSeverity);
                context.Report(Anchors.Create(
                    Descriptor,
                    level,
                    ValueSpan(helm, key),
                    $"HelmRelease '{helm.Display}' sets '{key}'{ValuesWording.In(helm, key)}, which chart '{chart.Name}' does not have, so it turns nothing off and the chart still installs its CRDs.{also}{assumed}",
                    disable,
                    related,
                    $"{helm.Display}|unknown|{key}"));
            }

            if (unknown.Count > 0 || installs != true || elsewhere.Count == 0)
                continue;

            var how = enabling is null ? "by the chart's default" : $"through '{enabling.Key}: true'{ValuesWording.In(helm, enabling.Key)}";
            var location = enabling is not null
                ? ValueSpan(helm, enabling.Key)
                : Anchors.Key(helm.Object, helm.Object.Spec, helm.ValuesNode is null ? "chart" : "values");
            var groups = chart.Crds.Groups.Select(g => g.Group).Where(g => elsewhere.Any(p => ProvidesGroup(p, g))).ToList();
            var (ownLevel, ownAssumed) = ValuesWording.Assumption(helm, crdKeys, Descriptor.DefaultSeverity);
            var (otherLevel, otherAssumed) = ProviderAssumption(elsewhere, Descriptor.DefaultSeverity);
            var doubleLevel = (Severity)Math.Min((int)ownLevel, (int)otherLevel);
            var doubleAssumed = ownAssumed + otherAssumed;
            context.Report(Anchors.Create(
                Descriptor,
                doubleLevel,
                location,
                $"HelmRelease '{helm.Display}' installs the CRDs of {Anchors.List(groups)} {how}, and {elsewhere[0].Describe()} applies them too. Two controllers then own the same CRDs, and pruning or uninstalling either side deletes them with every custom resource.{doubleAssumed}",
                $"{disable} Or remove the other copy of the CRDs.",
                related,
                $"{helm.Display}|double|{string.Join(",", groups)}"));
        }
    }

    private static List<CrdProvider> OtherProviders(ClusterContext context, HelmReleaseNode release, ChartInfo chart)
    {
        var result = new List<CrdProvider>();
        foreach (var group in chart.Crds.Groups.Select(g => g.Group))
        {
            foreach (var provider in context.Analysis.ProvidersOfGroup(group))
            {
                if (provider.Release == release || result.Contains(provider))
                    continue;
                result.Add(provider);
            }
        }

        return result;
    }

    /// <summary>
    /// Returns the level and closing sentence of a finding that rests on other HelmReleases installing
    /// the CRDs. It is a note when an unread valuesFrom entry of one of them may set its chart's CRD
    /// keys, because that release may then not install them at all.
    /// </summary>
    private static (Severity Level, string Sentence) ProviderAssumption(List<CrdProvider> providers, Severity level)
    {
        foreach (var provider in providers)
        {
            if (provider is not { Kind: ProviderKind.HelmChart, Release: { Chart: { } chart } release })
                continue;
            var unread = release.Release.MergedValues.UnreadSourcesOf(chart.Crds.Keys.Select(k => k.Key));
            if (unread.Count > 0)
                return (Severity.Note, $" The linter did not read {unread[0].Reference.Describe()} of the spec.valuesFrom of HelmRelease '{release.Release.Display}', because it {unread[0].Reason}, so it assumed the chart defaults for whether that release installs the CRDs.");
        }

        return (level, "");
    }

    private static bool ProvidesGroup(CrdProvider provider, string group) =>
        provider.Definition?.Group == group || provider.Definition is null;

    private static string DisablingAdvice(ChartInfo chart)
    {
        var master = chart.Crds.Keys.FirstOrDefault(k => k is { Effect: CrdKeyEffect.Enables, Group: null, Kinds.Count: 0, Default: true } && k.UntilVersion is null);
        if (master is not null)
            return $"Set '{master.Key}: false' to leave the CRDs to the other source.";
        if (chart.Crds.Delivery == CrdDelivery.CrdsDirectory)
            return "Set 'spec.install.crds: Skip' to leave the CRDs to the other source.";
        return "Turn the chart's CRDs off with its own values key.";
    }

    private static SourceSpan ValueSpan(HelmRelease release, string dottedPath) =>
        release.FindValue(dottedPath) is { } entry
            ? Spans.Of(release.Object.File, entry.Key)
            : Anchors.Key(release.Object, release.Object.Spec, "values");

    /// <summary>The dotted paths of every value set, mappings included; bounded so an alias bomb stays cheap.</summary>
    private static IEnumerable<string> ValueKeys(YMapping? values)
    {
        if (values is null)
            yield break;
        var pending = new Stack<(string Prefix, YMapping Mapping, int Depth)>();
        pending.Push(("", values, 0));
        var count = 0;
        while (pending.Count > 0)
        {
            var (prefix, mapping, depth) = pending.Pop();
            foreach (var entry in mapping.Entries)
            {
                if (++count > MaxValueKeys)
                    yield break;
                var path = prefix.Length == 0 ? entry.Key.Value : $"{prefix}.{entry.Key.Value}";
                yield return path;
                if (entry.Value is YMapping child && depth < 8)
                    pending.Push((path, child, depth + 1));
            }
        }
    }
}
