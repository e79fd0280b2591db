using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL003: the CRDs are ordered, but the operator whose admission webhook validates the custom
/// resources is not. Helm registers the webhook configuration before the webhook pod serves. A
/// Kustomization that applies a webhook configuration and its Deployment is Ready before the Deployment
/// is, unless it waits. In that window the dry-run fails with 'failed calling webhook ... connection refused'.
/// </summary>
public sealed class DependsOnDefinitionsNotOperatorRule : IRule
{
    private const string FailSentence = "The apply can fail with 'failed calling webhook ... connection refused' until the webhook pod serves.";
    private const string IgnoreSentence = "Its failure policy is Ignore, so the API server admits the objects unvalidated while the webhook is down.";

    public RuleDescriptor Descriptor => RuleCatalog.DependsOnDefinitionsNotOperator;

    public void Check(ClusterContext context)
    {
        var races = context.Analysis.Results
            .Where(r => r.Definition == NeedState.Satisfied)
            .SelectMany(r => r.Webhooks.Where(w => w.State == NeedState.NotOrdered).Select(w => (Result: r, Need: w)));

        // One finding per Kustomization and operator: a chart's HelmRelease, or a webhook configuration manifest.
        foreach (var group in races.GroupBy(race => (race.Result.Applier, Owner: (object?)race.Need.Provider.Release ?? race.Need.Provider.Configuration!.Configuration)))
        {
            var items = group.ToList();
            if (items[0].Need.Provider.Release is { } release)
                ReportChart(context, group.Key.Applier, release, items);
            else
                ReportConfiguration(context, group.Key.Applier, items);
        }
    }

    private void ReportChart(ClusterContext context, Applier applier, HelmReleaseNode release, List<(NeedResult Result, WebhookNeed Need)> items)
    {
        var webhooks = items.Select(i => i.Need.Provider.Name).Distinct(StringComparer.Ordinal).ToList();
        var resources = items.Select(i => i.Result.Resource.Display).ToList();
        var owner = applier.Describe(sentenceStart: true);
        var level = items.All(i => i.Need.Provider.FailurePolicyIgnore) ? Severity.Note : Descriptor.DefaultSeverity;
        var policy = level == Severity.Note ? IgnoreSentence : FailSentence;
        var related = items.Take(5).Select(i => Anchors.Related(i.Result.Resource, "custom resource applied here")).ToList();
        related.Add(new RelatedLocation(release.Release.Object.Anchor, "the operator's HelmRelease"));

        context.Report(Anchors.Create(
            Descriptor,
            level,
            Location(applier, items),
            $"{owner} applies {Anchors.List(resources)}, which the admission {Anchors.Plural(webhooks.Count, "webhook")} {Anchors.List(webhooks)} of HelmRelease '{release.Release.Display}' {(webhooks.Count == 1 ? "checks" : "check")}, {Unreachable(applier, release.AppliedBy)} {policy}",
            Help(applier, release),
            related,
            $"{applier.Display}|{release.Release.Display}|webhook"));
    }

    private void ReportConfiguration(ClusterContext context, Applier applier, List<(NeedResult Result, WebhookNeed Need)> items)
    {
        var provider = items[0].Need.Provider;
        var configuration = provider.Configuration!.Configuration;
        var server = provider.Server!;
        var webhooks = items.Select(i => i.Need.Provider.Name).Distinct(StringComparer.Ordinal).ToList();
        var resources = items.Select(i => i.Result.Resource.Display).ToList();
        var owner = applier.Describe(sentenceStart: true);

        // A selector that may leave the objects out lowers an error to a warning, and Ignore lowers it to a note.
        var level = items.All(i => i.Need.Provider.FailurePolicyIgnore) ? Severity.Note
            : items.All(i => i.Need.MayNotMatch) ? Severity.Warning
            : Descriptor.DefaultSeverity;
        var policy = level == Severity.Note ? IgnoreSentence : FailSentence;
        var selector = items.All(i => i.Need.MayNotMatch)
            ? " Its namespaceSelector, objectSelector or matchConditions may leave these objects out, which the linter cannot tell from the repository."
            : "";
        var related = items.Take(5).Select(i => Anchors.Related(i.Result.Resource, "custom resource applied here")).ToList();
        related.Add(Anchors.Related(configuration.Applied, "the webhook configuration"));
        related.Add(new RelatedLocation(server.Anchor, "the webhook is served from here"));

        string reach;
        if (Anchors.IsAncestor(server.Applier, applier) || server.Applier.IsImplicitRoot)
            reach = $"but {server.Describe()}, which serves the webhook, is applied by {server.Applier.Describe()}, which also applies this Kustomization, so dependsOn cannot order this one after it.";
        else if (server.Applier == provider.Configuration.Applier)
            reach = $"but its dependsOn does not reach Kustomization '{server.Applier.Display}' that applies that configuration and {server.Describe()}, which serves the webhook.";
        else
            reach = $"but its dependsOn does not reach Kustomization '{server.Applier.Display}' that applies {server.Describe()}, which serves the webhook.";
        context.Report(Anchors.Create(
            Descriptor,
            level,
            Location(applier, items),
            $"{owner} applies {Anchors.List(resources)}, which the admission {Anchors.Plural(webhooks.Count, "webhook")} {Anchors.List(webhooks)} of {configuration.Describe()} {(webhooks.Count == 1 ? "checks" : "check")}, {reach} {policy}{selector}",
            ConfigurationHelp(applier, configuration.Describe(), server),
            related,
            $"{applier.Display}|{configuration.Display}|webhook"));
    }

    private static SourceSpan Location(Applier applier, List<(NeedResult Result, WebhookNeed Need)> items) =>
        applier.Kustomization is { } kustomization ? Anchors.DependsOnOrName(kustomization) : items[0].Result.Resource.Object.Anchor;

    /// <summary>Says why dependsOn does not order the operator first, naming the case of an operator applied by an ancestor.</summary>
    internal static string Unreachable(Applier applier, Applier provider)
    {
        if (Anchors.IsAncestor(provider, applier))
            return $"but the operator is applied by {provider.Describe()}, which also applies this Kustomization, so dependsOn cannot order this one after the operator.";
        return $"but its dependsOn does not reach Kustomization '{provider.Display}' that applies the operator.";
    }

    private static string Help(Applier applier, HelmReleaseNode release) =>
        DependencyHelp(
            applier,
            release.AppliedBy,
            $"Move HelmRelease '{release.Release.Display}' into a Kustomization of its own",
            release.AppliedBy.Covers(release),
            "");

    private static string ConfigurationHelp(Applier applier, string configuration, WebhookServer server) =>
        DependencyHelp(
            applier,
            server.Applier,
            $"Move {server.Describe()} and {configuration} into a Kustomization of their own",
            server.IsWaitedForBy(server.Applier),
            $" so that it is Ready only once {server.Describe()} is");

    /// <summary>Returns the help line: the dependsOn entry to add, or what to move out of an ancestor that applies the operator.</summary>
    private static string DependencyHelp(Applier applier, Applier provider, string move, bool providerWaits, string waitReason)
    {
        if (provider.IsImplicitRoot || Anchors.IsAncestor(provider, applier))
            return $"{move} with 'wait: true', and add that Kustomization to spec.dependsOn.";
        // A dependsOn entry on a Kustomization that this one applies would never be Ready (FRL008).
        if (applier.IsImplicitRoot || Anchors.IsAncestor(applier, provider))
            return $"Apply these custom resources from a Kustomization that depends on '{provider.Display}'.";
        var entry = Anchors.DependsOnEntry(provider, applier.Kustomization!.Namespace);
        return providerWaits
            ? $"Add '{entry}' to spec.dependsOn."
            : $"Add '{entry}' to spec.dependsOn, and set 'wait: true' on '{provider.Display}'{waitReason}.";
    }
}
