using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

public enum ProviderKind
{
    /// <summary>A CustomResourceDefinition manifest that a Kustomization applies.</summary>
    Manifest,

    /// <summary>A HelmRelease whose chart installs the CRD.</summary>
    HelmChart,

    /// <summary>A Kustomization whose external source is known to hold the CRD.</summary>
    ExternalSource,
}

/// <summary>Something in the cluster that creates the CRD of a group.</summary>
public sealed record CrdProvider(ProviderKind Kind, Applier Applier, HelmReleaseNode? Release, CustomResourceDefinition? Definition)
{
    public string Describe() => Kind switch
    {
        ProviderKind.HelmChart => $"HelmRelease '{Release!.Release.Display}' in {Applier.Describe()}",
        ProviderKind.ExternalSource => $"{Applier.Describe()} (from its external source)",
        _ => Applier.Describe(),
    };
}

/// <summary>
/// An admission webhook that custom resources may have to pass: one that an operator's chart registers
/// (<see cref="Release"/>), or one that a webhook configuration manifest of the repository registers
/// (<see cref="Configuration"/>).
/// </summary>
/// <param name="Name">The webhook's name, <c>webhooks[].name</c> of its configuration.</param>
/// <param name="Applier">
/// The Kustomization that must be Ready before the custom resources are applied: the one that applies the
/// HelmRelease, or the one that applies the first server of a repository webhook.
/// </param>
public sealed record WebhookProvider(string Name, Applier Applier, bool FailurePolicyIgnore)
{
    /// <summary>The HelmRelease whose chart registers the webhook, or null for a repository webhook.</summary>
    public HelmReleaseNode? Release { get; init; }

    /// <summary>The knowledge base entry of a chart's webhook.</summary>
    public WebhookInfo? ChartWebhook { get; init; }

    /// <summary>The webhook configuration manifest and the servers of a repository webhook.</summary>
    public RepositoryWebhook? Configuration { get; init; }

    /// <summary>The server that <see cref="Applier"/> applies, for a repository webhook.</summary>
    public WebhookServer? Server => Configuration?.Servers[0];
}

/// <summary>How one webhook that intercepts a custom resource is ordered before it.</summary>
/// <param name="MayNotMatch">True when a selector or match condition of the webhook may leave the resource out.</param>
public sealed record WebhookNeed(WebhookProvider Provider, NeedState State, bool MayNotMatch);

public enum NeedState
{
    /// <summary>The CRD or webhook is guaranteed to be there when the custom resource is applied.</summary>
    Satisfied,

    /// <summary>The HelmRelease that provides it is applied in the same Kustomization.</summary>
    BesideRelease,

    /// <summary>The provider is in the dependsOn closure, but its Kustomization is Ready before the release is.</summary>
    Ungated,

    /// <summary>A provider exists in the cluster, and the dependsOn closure does not reach it.</summary>
    NotOrdered,

    /// <summary>No provider exists in the cluster and nothing suggests one outside it.</summary>
    NoProvider,

    /// <summary>
    /// The linter cannot tell: an opaque provider (external source, unknown chart) may hold it. Also the
    /// state of a repository webhook whose server the same Kustomization applies, which no rule judges yet.
    /// </summary>
    Unknown,
}

/// <summary>How one custom resource of one Kustomization gets its CRD and its webhooks.</summary>
public sealed record NeedResult(
    Applier Applier,
    AppliedObject Resource,
    NeedState Definition,
    IReadOnlyList<CrdProvider> Providers,
    CrdProvider? Culprit,
    IReadOnlyList<WebhookNeed> Webhooks)
{
    /// <summary>
    /// For a group no known provider covers: the Kustomization that every other Kustomization applying
    /// the group depends on, and this one does not.
    /// </summary>
    public Applier? InferredProvider { get; init; }
}

/// <summary>
/// Works out, for every custom resource a Kustomization applies, whether its CRD and its admission
/// webhooks exist when kustomize-controller applies it. Flux orders Kustomizations only through
/// dependsOn, which waits for Ready. A Kustomization without wait or healthChecks is Ready once its
/// objects are applied, so a HelmRelease it applies may not be installed yet.
/// </summary>
public sealed class RaceAnalysis
{
    private readonly Cluster _cluster;
    private readonly KnowledgeBase _knowledge;
    private readonly Dictionary<string, List<CrdProvider>> _providersByGroupKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CrdProvider>> _chartProvidersByGroup = new(StringComparer.Ordinal);
    private readonly List<WebhookProvider> _webhooks = [];

    // Webhook indexes by the API groups they intercept, so that each custom resource is matched only
    // against the webhooks of its group and those of every group ('*'), in the order of _webhooks.
    private readonly Dictionary<string, List<int>> _webhooksByGroup = new(StringComparer.Ordinal);
    private readonly List<int> _webhooksOfEveryGroup = [];
    private readonly RepositoryWebhookIndex _repositoryWebhooks;

    /// <param name="log">Receives the repository webhooks that are not checked, with the reason.</param>
    public RaceAnalysis(Cluster cluster, KnowledgeBase knowledge, RunLog? log = null)
    {
        _cluster = cluster;
        _knowledge = knowledge;
        _repositoryWebhooks = new RepositoryWebhookIndex(cluster, log);
        IndexProviders();
        IndexWebhooks();
        Results = Analyse();
        if (log is not null)
            LogAssumptions(log);
    }

    /// <summary>
    /// Names, once per API group, the custom resources that no known provider covers while something
    /// opaque might, because no finding is made for them and the user should see why.
    /// </summary>
    private void LogAssumptions(RunLog log)
    {
        var releases = _cluster.HelmReleases.Count(r => r.Chart is null);
        var kustomizations = _cluster.Appliers.Count(a => a.Source == SourceKind.External || a.HasUnknownBuild);
        var hidden = new List<string>();
        if (releases > 0)
            hidden.Add(releases == 1 ? "1 HelmRelease whose chart the knowledge base does not know" : $"{releases} HelmReleases whose charts the knowledge base does not know");
        if (kustomizations > 0)
            hidden.Add(kustomizations == 1 ? "1 Kustomization whose contents the linter cannot read" : $"{kustomizations} Kustomizations whose contents the linter cannot read");
        if (_cluster.HasUnknownPreinstalled)
            hidden.Add("a helmfile release of a chart the knowledge base does not know");
        var holders = string.Join(" and ", hidden);

        foreach (var group in Results.Where(r => r.Definition == NeedState.Unknown).GroupBy(r => r.Resource.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            var count = group.Count();
            var resources = count == 1 ? $"'{first.Resource.Display}' is" : $"{count} custom resources such as '{first.Resource.Display}' are";
            log.Note($"assumed: no known provider applies the CRDs of API group '{group.Key}' in cluster '{_cluster.Name}', but the cluster has {holders}, and any of them may, so {resources} not reported. List the group under assumePresent, or describe its chart under knowledge in .fluxracelint.yaml, to make this explicit");
        }
    }

    public IReadOnlyList<NeedResult> Results { get; }

    public IReadOnlyList<WebhookProvider> Webhooks => _webhooks;

    /// <summary>Every CRD provider of a group in the cluster, of any kind.</summary>
    public IEnumerable<CrdProvider> ProvidersOfGroup(string group) =>
        _providersByGroupKind.Where(pair => pair.Key.StartsWith(group + "/", StringComparison.Ordinal)).SelectMany(pair => pair.Value)
            .Concat(_chartProvidersByGroup.GetValueOrDefault(group) ?? []);

    private void IndexProviders()
    {
        foreach (var applier in _cluster.Appliers)
        {
            foreach (var definition in applier.Definitions)
                Add(_providersByGroupKind, $"{definition.Group}/{definition.Kind}", new CrdProvider(ProviderKind.Manifest, applier, null, definition));

            if (applier is { Source: SourceKind.External, SourceObject.Url: { } url, Kustomization.Path: var path })
            {
                var external = _knowledge.FindExternalCrdSource(url, path?.Value ?? "");
                foreach (var group in (external?.Groups ?? []).Select(g => g.Group))
                    Add(_chartProvidersByGroup, group, new CrdProvider(ProviderKind.ExternalSource, applier, null, null));
            }
        }

        foreach (var release in _cluster.HelmReleases)
        {
            if (release.Chart is not { } chart)
                continue;
            if (chart.InstallsCrds(release.Release.BoolValue, release.Release.ChartVersion) != false)
            {
                foreach (var group in chart.Crds.Groups.Select(g => g.Group))
                    Add(_chartProvidersByGroup, group, new CrdProvider(ProviderKind.HelmChart, release.AppliedBy, release, null));
            }

            foreach (var webhook in chart.Webhooks)
            {
                if (!webhook.IsEnabled(release.Release.BoolValue))
                    continue;
                var ignore = webhook.EffectiveFailurePolicy(release.Release.ScalarValue) == WebhookFailurePolicy.Ignore;
                _webhooks.Add(new WebhookProvider(webhook.Name, release.AppliedBy, ignore) { Release = release, ChartWebhook = webhook });
            }
        }

        foreach (var webhook in _repositoryWebhooks.Webhooks)
        {
            var ignore = webhook.Webhook.FailurePolicy == WebhookFailurePolicy.Ignore;
            _webhooks.Add(new WebhookProvider(webhook.Webhook.Name, webhook.Servers[0].Applier, ignore) { Configuration = webhook });
        }
    }

    private static void Add(Dictionary<string, List<CrdProvider>> index, string key, CrdProvider provider)
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        list.Add(provider);
    }

    private List<NeedResult> Analyse()
    {
        var results = new List<NeedResult>();
        foreach (var applier in _cluster.Appliers)
        {
            if (applier.CustomResources.Count == 0)
                continue;
            var closure = _cluster.DependencyClosure(applier);
            var readyReleases = _cluster.ReadyHelmReleases(applier);

            // Whether a webhook's servers serve depends on the applier alone, so it is worked out once
            // per list of servers, not once per custom resource.
            var serving = new Dictionary<IReadOnlyList<WebhookServer>, NeedState>(ReferenceEqualityComparer.Instance);
            foreach (var resource in applier.CustomResources)
            {
                if (ClusterBuilder.IsExcludedFromApply(resource.Object))
                    continue;
                results.Add(Check(applier, resource, closure, readyReleases, serving));
            }
        }

        return InferProviders(results);
    }

    /// <summary>
    /// When no known provider covers a group, the Kustomizations that apply its resources usually all
    /// depend on the one that installs it. A Kustomization that lacks exactly that dependency, while at
    /// least two others share it, is missing it.
    /// </summary>
    private List<NeedResult> InferProviders(List<NeedResult> results)
    {
        var byGroup = results.GroupBy(r => r.Resource.Group).ToList();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (result.Definition is not (NeedState.Unknown or NeedState.NoProvider))
                continue;
            var users = byGroup.First(g => g.Key == result.Resource.Group).Select(r => r.Applier).Distinct().Where(a => a != result.Applier).ToList();
            if (users.Count < 2)
                continue;
            IEnumerable<Applier> common = _cluster.DependencyClosure(users[0]);
            foreach (var user in users.Skip(1))
                common = common.Intersect(_cluster.DependencyClosure(user));
            var own = _cluster.DependencyClosure(result.Applier);
            var candidates = common.Where(c => c != result.Applier && !own.Contains(c) && IsOpaque(c)).ToList();
            if (candidates.Count == 1)
                results[i] = result with { Definition = NeedState.NotOrdered, InferredProvider = candidates[0] };
        }

        return results;
    }

    private NeedResult Check(
        Applier applier,
        AppliedObject resource,
        IReadOnlySet<Applier> closure,
        IReadOnlySet<HelmReleaseNode> readyReleases,
        Dictionary<IReadOnlyList<WebhookServer>, NeedState> serving)
    {
        var group = resource.Group;
        var providers = (_providersByGroupKind.GetValueOrDefault($"{group}/{resource.Kind}") ?? [])
            .Concat(_chartProvidersByGroup.GetValueOrDefault(group) ?? [])
            .ToList();

        var definition = CheckDefinition(applier, providers, closure, readyReleases, group, out var culprit);
        var webhooks = new List<WebhookNeed>();
        foreach (var webhook in WebhooksOfGroup(group))
        {
            if (webhook.Configuration is { } configuration)
            {
                var match = _repositoryWebhooks.Matches(configuration, applier, resource);
                if (match != WebhookMatch.No)
                    webhooks.Add(new WebhookNeed(webhook, CheckRepositoryWebhook(applier, configuration, closure, readyReleases, serving), match == WebhookMatch.Possibly));
            }
            else if (webhook.ChartWebhook!.Matches(group, resource.Kind))
                webhooks.Add(new WebhookNeed(webhook, CheckWebhook(applier, webhook, readyReleases), false));
        }

        return new NeedResult(applier, resource, definition, providers, culprit, webhooks);
    }

    private void IndexWebhooks()
    {
        for (var i = 0; i < _webhooks.Count; i++)
        {
            var webhook = _webhooks[i];
            var groups = webhook.Configuration is { } configuration
                ? configuration.Webhook.Rules.SelectMany(rule => rule.ApiGroups)
                : webhook.ChartWebhook!.Groups;
            var distinct = groups.Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Contains("*"))
            {
                _webhooksOfEveryGroup.Add(i);
                continue;
            }

            foreach (var group in distinct)
            {
                if (!_webhooksByGroup.TryGetValue(group, out var list))
                    _webhooksByGroup[group] = list = [];
                list.Add(i);
            }
        }
    }

    /// <summary>The webhooks that may intercept objects of <paramref name="group"/>, in the order of <see cref="Webhooks"/>.</summary>
    private IEnumerable<WebhookProvider> WebhooksOfGroup(string group)
    {
        var own = _webhooksByGroup.GetValueOrDefault(group);
        if (own is null)
            return _webhooksOfEveryGroup.Select(i => _webhooks[i]);
        if (_webhooksOfEveryGroup.Count == 0)
            return own.Select(i => _webhooks[i]);
        return own.Concat(_webhooksOfEveryGroup).Order().Select(i => _webhooks[i]);
    }

    private NeedState CheckDefinition(Applier applier, List<CrdProvider> providers, IReadOnlySet<Applier> closure, IReadOnlySet<HelmReleaseNode> readyReleases, string group, out CrdProvider? culprit)
    {
        culprit = null;

        // kustomize-controller applies CRDs first and waits until they are Established, so a CRD in
        // the same build always exists before its custom resources are applied.
        if (providers.Any(p => p.Kind == ProviderKind.Manifest && p.Applier == applier))
            return NeedState.Satisfied;
        if (_cluster.PreinstalledGroups.ContainsKey(group))
            return NeedState.Satisfied;

        foreach (var provider in providers)
        {
            switch (provider.Kind)
            {
                case ProviderKind.Manifest or ProviderKind.ExternalSource when closure.Contains(provider.Applier):
                    return NeedState.Satisfied;
                case ProviderKind.HelmChart when readyReleases.Contains(provider.Release!):
                    return NeedState.Satisfied;
            }
        }

        var beside = providers.FirstOrDefault(p => p.Kind == ProviderKind.HelmChart && p.Applier == applier);
        if (beside is not null)
        {
            culprit = beside;
            return NeedState.BesideRelease;
        }

        var ungated = providers.FirstOrDefault(p => p.Kind == ProviderKind.HelmChart && closure.Contains(p.Applier));
        if (ungated is not null)
        {
            culprit = ungated;
            return NeedState.Ungated;
        }

        if (providers.Count > 0)
            return NeedState.NotOrdered;

        // A dependency whose contents cannot be read (another repository, or a chart the knowledge
        // base does not know) may well be the provider.
        if (closure.Any(IsOpaque) || applier.HelmReleases.Any(r => r.Chart is null))
            return NeedState.Unknown;

        // Some provider whose contents are unknown exists elsewhere in the cluster and may contain
        // the CRD, so "no provider" cannot be claimed. Sibling inference may still find the gap.
        if (_cluster.HasOpaqueProviders)
            return NeedState.Unknown;
        return NeedState.NoProvider;
    }

    /// <summary>
    /// Returns whether <paramref name="applier"/> is an ancestor of the Kustomization that registers a webhook.
    /// It applies the custom resources in the same apply that creates that Kustomization object, so at their
    /// first dry-run the webhook configuration does not exist yet, as for a configuration beside them. Only
    /// later reconciliations can fail while the webhook pod is down.
    /// </summary>
    private static bool AppliesBefore(Applier applier, Applier webhookApplier) => applier.IsAncestorOf(webhookApplier);

    private static bool IsOpaque(Applier applier) =>
        applier.Source == SourceKind.External || applier.HasUnknownBuild || applier.HelmReleases.Any(r => r.Chart is null);

    private NeedState CheckWebhook(Applier applier, WebhookProvider webhook, IReadOnlySet<HelmReleaseNode> readyReleases)
    {
        if (readyReleases.Contains(webhook.Release!) || _cluster.PreinstalledReleases.Contains(webhook.Release!))
            return NeedState.Satisfied;
        if (webhook.Applier == applier)
            return NeedState.BesideRelease;
        if (AppliesBefore(applier, webhook.Applier))
            return NeedState.Satisfied;
        if (_cluster.DependencyClosure(applier).Contains(webhook.Applier))
            return NeedState.Ungated;
        return NeedState.NotOrdered;
    }

    private NeedState CheckRepositoryWebhook(
        Applier applier,
        RepositoryWebhook webhook,
        IReadOnlySet<Applier> closure,
        IReadOnlySet<HelmReleaseNode> readyReleases,
        Dictionary<IReadOnlyList<WebhookServer>, NeedState> serving)
    {
        // kustomize-controller dry-runs a whole apply stage before it applies any of it, and applies webhook
        // configurations last, so on the first apply the custom resources beside one are admitted before the
        // webhook is registered.
        if (webhook.Applier == applier || AppliesBefore(applier, webhook.Applier))
            return NeedState.Satisfied;
        if (!serving.TryGetValue(webhook.Servers, out var state))
            serving[webhook.Servers] = state = CheckServers(applier, webhook.Servers, closure, readyReleases);
        return state;
    }

    private NeedState CheckServers(Applier applier, IReadOnlyList<WebhookServer> servers, IReadOnlySet<Applier> closure, IReadOnlySet<HelmReleaseNode> readyReleases)
    {
        foreach (var server in servers)
        {
            var serving = server.Release is { } release
                ? readyReleases.Contains(release) || _cluster.PreinstalledReleases.Contains(release)
                : server.IsReadyIn(closure);
            if (serving)
                return NeedState.Satisfied;
        }

        // NOTE: a server applied together with the custom resources, while another Kustomization registers
        // the webhook, deadlocks once the configuration exists: the dry-run of the whole stage fails, so the
        // server is never applied. No rule reports this case yet.
        if (servers.Any(server => server.Applier == applier))
            return NeedState.Unknown;
        if (closure.Contains(servers[0].Applier))
            return NeedState.Ungated;
        return NeedState.NotOrdered;
    }
}
