using FluxRaceLint.Build;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>An object that serves a webhook of the repository, with the Kustomization that applies it.</summary>
/// <param name="Workload">The Deployment, StatefulSet or DaemonSet whose pods the webhook's Service selects.</param>
/// <param name="Service">The webhook's Service; null when the repository does not contain it.</param>
/// <param name="Release">
/// A HelmRelease beside the webhook configuration that installs into the Service's namespace and whose
/// chart the knowledge base lists with this webhook, taken as the server when the repository does not
/// contain the Service.
/// </param>
public sealed record WebhookServer(Applier Applier, AppliedObject? Workload, AppliedObject? Service, HelmReleaseNode? Release)
{
    /// <summary>Names the server in a sentence, such as "Deployment 'widget-system/widget-operator'".</summary>
    public string Describe() => this switch
    {
        { Workload: { } workload } => $"{workload.Kind} '{workload.Namespace}/{workload.Name}'",
        { Release: { } release } => $"HelmRelease '{release.Release.Display}'",
        _ => $"Service '{Service!.Namespace}/{Service.Name}'",
    };

    public SourceSpan Anchor => (Workload ?? Service)?.Object.Anchor ?? Release!.Release.Object.Anchor;

    /// <summary>Returns whether <paramref name="applier"/>, being Ready, means that this server's pods are ready.</summary>
    public bool IsWaitedForBy(Applier applier)
    {
        if (Release is { } release)
            return applier.Covers(release);
        if (applier.Kustomization is not { } kustomization)
            return false;

        // Without the workload in the repository, any readiness gate of the Service's Kustomization is given
        // the benefit of the doubt.
        return Workload is { } workload ? kustomization.HealthCheckCovers(workload) : kustomization.HasReadinessGate;
    }

    /// <summary>
    /// Returns whether the Kustomizations of a dependsOn closure, being Ready, mean that this server's pods
    /// are ready: its own Kustomization waits for it, or another one's healthChecks name the workload.
    /// </summary>
    public bool IsReadyIn(IReadOnlySet<Applier> closure)
    {
        if (closure.Contains(Applier) && IsWaitedForBy(Applier))
            return true;
        return Workload is { } workload && closure.Any(applier => applier.Kustomization?.HealthChecksName(workload) == true);
    }
}

/// <summary>How sure the linter is that a webhook intercepts an object.</summary>
public enum WebhookMatch
{
    No,
    Yes,

    /// <summary>The rules match, but a selector or match condition may leave the object out.</summary>
    Possibly,
}

/// <summary>An admission webhook that a webhook configuration manifest of the repository registers.</summary>
/// <param name="Applier">The Kustomization that applies the configuration.</param>
/// <param name="Servers">The objects that serve the webhook, which serves once any of them is ready. Never empty.</param>
public sealed record RepositoryWebhook(AdmissionWebhookConfiguration Configuration, AdmissionWebhook Webhook, Applier Applier, IReadOnlyList<WebhookServer> Servers)
{
    /// <summary>The webhook's objectSelector, parsed once; null when it has none.</summary>
    public ParsedSelector? ObjectSelector { get; init; }

    /// <summary>The webhook's namespaceSelector, parsed once; null when it has none.</summary>
    public ParsedSelector? NamespaceSelector { get; init; }
}

/// <summary>A label selector of a webhook; <paramref name="Selector"/> is null when it does not parse.</summary>
public sealed record ParsedSelector(LabelSelector? Selector)
{
    public static ParsedSelector? From(YMapping? mapping) => mapping is null ? null : new ParsedSelector(LabelSelector.FromMapping(mapping));
}

/// <summary>
/// The Validating- and MutatingWebhookConfigurations that a cluster's Kustomizations apply, the Services and
/// workloads that serve them, and which custom resources each webhook intercepts.
/// </summary>
public sealed class RepositoryWebhookIndex
{
    // kustomize-controller labels every object it applies with the name and namespace of its Kustomization.
    private const string OwnerNameLabel = "kustomize.toolkit.fluxcd.io/name";
    private const string OwnerNamespaceLabel = "kustomize.toolkit.fluxcd.io/namespace";

    // The API server sets this label on every Namespace.
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    private static readonly HashSet<string> WorkloadKinds = new(StringComparer.Ordinal) { "Deployment", "StatefulSet", "DaemonSet" };

    private readonly Dictionary<(string Group, string Kind), CustomResourceDefinition> _definitions = [];
    private readonly Dictionary<string, (Applier Applier, AppliedObject Namespace)> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Name), List<(Applier Applier, AppliedObject Service)>> _services = [];
    private readonly Dictionary<string, List<(Applier Applier, AppliedObject Workload)>> _workloadsByNamespace = new(StringComparer.Ordinal);
    private readonly List<RepositoryWebhook> _webhooks = [];

    // Found once per Service and shared by every webhook that names it, because a Service can select
    // thousands of workloads and a configuration can list thousands of webhooks.
    private readonly Dictionary<(string Namespace, string Name), List<WebhookServer>> _serviceServers = [];

    public RepositoryWebhookIndex(Cluster cluster, RunLog? log)
    {
        var configurations = new List<(Applier, AdmissionWebhookConfiguration)>();
        var limits = cluster.Files?.Limits ?? ReadLimits.Default;
        foreach (var applier in cluster.Appliers)
        {
            foreach (var definition in applier.Definitions)
                _definitions.TryAdd((definition.Group, definition.Kind), definition);
            foreach (var obj in applier.Objects)
            {
                if (ClusterBuilder.IsExcludedFromApply(obj.Object))
                    continue;
                Index(applier, obj, limits, configurations);
            }
        }

        foreach (var (applier, configuration) in configurations)
        {
            foreach (var webhook in configuration.Webhooks)
            {
                var servers = FindServers(cluster, applier, configuration, webhook, log);
                if (servers.Count == 0)
                    continue;
                _webhooks.Add(new RepositoryWebhook(configuration, webhook, applier, servers)
                {
                    ObjectSelector = ParsedSelector.From(webhook.ObjectSelector),
                    NamespaceSelector = ParsedSelector.From(webhook.NamespaceSelector),
                });
            }
        }
    }

    public IReadOnlyList<RepositoryWebhook> Webhooks => _webhooks;

    /// <summary>Returns whether the webhook intercepts creating or updating <paramref name="resource"/>, which <paramref name="applier"/> applies.</summary>
    public WebhookMatch Matches(RepositoryWebhook repositoryWebhook, Applier applier, AppliedObject resource)
    {
        var webhook = repositoryWebhook.Webhook;
        var definition = _definitions.GetValueOrDefault((resource.Group, resource.Kind));
        var plural = definition?.Plural ?? GuessPlural(resource.Kind);
        var clusterScoped = definition?.IsClusterScoped ?? resource.Namespace is null;
        if (!webhook.Rules.Any(rule => rule.Intercepts(resource.Group, resource.Object.Version, plural, webhook.ExactMatchPolicy, clusterScoped)))
            return WebhookMatch.No;

        var match = webhook.HasMatchConditions ? WebhookMatch.Possibly : WebhookMatch.Yes;
        if (repositoryWebhook.ObjectSelector is { } objectSelector)
        {
            // The selector decides on the labels as written and as patched. The builder does not apply
            // kustomize's labels and commonLabels fields, so with them a match is only possible.
            // NOTE: a selector that does not match is taken as No even then, although those labels may add
            // the label it needs.
            if (objectSelector.Selector is not { } selector)
                match = WebhookMatch.Possibly;
            else if (!selector.Matches(key => ObjectLabel(applier, resource, key)))
                return WebhookMatch.No;
            else if (resource.HasUnappliedLabels && selector.Keys.Any(key => key is not (OwnerNameLabel or OwnerNamespaceLabel)))
                match = WebhookMatch.Possibly;
        }

        // The API server ignores namespaceSelector for cluster-scoped objects other than Namespaces.
        if (repositoryWebhook.NamespaceSelector is { } namespaceSelector && !clusterScoped && resource.Namespace is { } ns)
        {
            if (namespaceSelector.Selector is not { } selector)
                return WebhookMatch.Possibly;
            var known = _namespaces.TryGetValue(ns, out var found);
            if (selector.Matches(key => NamespaceLabel(ns, key)))
            {
                // Of a Namespace that the repository does not contain, only the name label that the API
                // server sets is known, so a match that reads any other label is only possible.
                var certain = selector.Keys.All(key => key == NamespaceNameLabel) || (known && !found.Namespace.HasUnappliedLabels);
                return certain ? match : WebhookMatch.Possibly;
            }

            // Labels of a Namespace that the repository does not contain are unknown, so a selector that
            // needs one may still match. Labels missing from one that it contains are taken as absent.
            return known ? WebhookMatch.No : WebhookMatch.Possibly;
        }

        return match;
    }

    /// <summary>
    /// Guesses a kind's plural resource name with the English rules for regular nouns, which CRD generators
    /// such as controller-gen apply to the lower-case kind: 'es' after s, x, z, ch and sh, and 'ies' for a
    /// 'y' after a consonant. An estimate, used only when the repository contains no CRD that states the plural.
    /// </summary>
    public static string GuessPlural(string kind)
    {
        var lower = kind.ToLowerInvariant();
        if (lower.Length == 0)
            return lower;
        if (lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal))
            return lower + "es";
        if (lower.EndsWith('y') && lower.Length > 1 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
            return lower[..^1] + "ies";
        return lower + "s";
    }

    private void Index(Applier applier, AppliedObject obj, ReadLimits limits, List<(Applier, AdmissionWebhookConfiguration)> configurations)
    {
        var kube = obj.Object;
        if (kube.Group == "" && kube.Kind == "Namespace" && obj.Name is { } namespaceName)
            _namespaces.TryAdd(namespaceName, (applier, obj));
        else if (kube.Group == "" && kube.Kind == "Service" && obj.Name is { } serviceName && obj.Namespace is { } serviceNamespace)
        {
            if (!_services.TryGetValue((serviceNamespace, serviceName), out var list))
                _services[(serviceNamespace, serviceName)] = list = [];
            list.Add((applier, obj));
        }
        else if (kube.Group == "apps" && WorkloadKinds.Contains(kube.Kind) && obj.Namespace is { } workloadNamespace)
        {
            if (!_workloadsByNamespace.TryGetValue(workloadNamespace, out var list))
                _workloadsByNamespace[workloadNamespace] = list = [];
            list.Add((applier, obj));
        }
        else if (AdmissionWebhookConfiguration.From(obj, limits) is { } configuration)
            configurations.Add((applier, configuration));
    }

    private List<WebhookServer> FindServers(Cluster cluster, Applier applier, AdmissionWebhookConfiguration configuration, AdmissionWebhook webhook, RunLog? log)
    {
        var servers = new List<WebhookServer>();
        var where = $"webhook '{webhook.Name}' of {configuration.Describe()} ('{configuration.Applied.Object.File.Path}')";
        if (webhook.Url is { } url)
        {
            log?.Note($"not checked: {where} calls the URL '{url}' instead of a Service, so its server is outside what the Kustomizations order");
            return servers;
        }

        if (webhook.ServiceName is not { } name || webhook.ServiceNamespace is not { } ns)
            return servers;
        if (Fields.HasVariable(name) || Fields.HasVariable(ns))
        {
            log?.Note($"not checked: {where} names its Service with a variable that postBuild does not resolve");
            return servers;
        }

        if (!_serviceServers.TryGetValue((ns, name), out var serviceServers))
            _serviceServers[(ns, name)] = serviceServers = ServiceServers(ns, name);
        if (serviceServers.Count > 0)
            return serviceServers;

        // A chart may render the Service. A HelmRelease beside the configuration that installs into the
        // Service's namespace is taken as its server only when the knowledge base lists the webhook for
        // its chart: another release there (a database, say) does not show who serves it.
        if (servers.Count == 0)
        {
            foreach (var release in applier.HelmReleases.Where(r => (r.Release.TargetNamespace ?? r.Release.Namespace) == ns && ChartServes(r, configuration, webhook)))
                servers.Add(new WebhookServer(applier, null, null, release));
        }

        if (servers.Count == 0)
            log?.Note($"not checked: {where} is served by Service '{ns}/{name}', which no Kustomization of cluster '{cluster.Name}' applies and no known chart beside the configuration renders");
        return servers;
    }

    /// <summary>Finds the workloads that the Service selects, or the Service itself when it selects none.</summary>
    private List<WebhookServer> ServiceServers(string ns, string name)
    {
        var servers = new List<WebhookServer>();
        foreach (var (serviceApplier, service) in _services.GetValueOrDefault((ns, name)) ?? [])
        {
            var selector = ServiceSelector(service);
            var workloads = selector.Count == 0
                ? []
                : (_workloadsByNamespace.GetValueOrDefault(ns) ?? []).Where(w => SelectsPods(selector, w.Workload)).ToList();
            if (workloads.Count == 0)
                servers.Add(new WebhookServer(serviceApplier, null, service, null));
            foreach (var (workloadApplier, workload) in workloads)
                servers.Add(new WebhookServer(workloadApplier, workload, service, null));
        }

        return servers;
    }

    private static bool ChartServes(HelmReleaseNode release, AdmissionWebhookConfiguration configuration, AdmissionWebhook webhook) =>
        release.Chart?.Webhooks.Any(known => known.Name == webhook.Name || (known.Configuration is { } name && name == configuration.Applied.Name)) == true;

    private static Dictionary<string, string> ServiceSelector(AppliedObject service)
    {
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Fields.Mapping(service.Object.Spec, "selector")?.Entries ?? [])
        {
            if (entry.Value is YScalar value)
                selector[entry.Key.Value] = value.Value;
        }

        return selector;
    }

    private static bool SelectsPods(Dictionary<string, string> selector, AppliedObject workload)
    {
        var labels = Fields.Mapping(Fields.Mapping(Fields.Mapping(workload.Object.Spec, "template"), "metadata"), "labels");
        return selector.All(pair => Fields.String(labels, pair.Key)?.Value == pair.Value);
    }

    private static string? ObjectLabel(Applier applier, AppliedObject obj, string key)
    {
        if (applier.Kustomization is { } kustomization)
        {
            if (key == OwnerNameLabel)
                return kustomization.Name;
            if (key == OwnerNamespaceLabel)
                return kustomization.Namespace;

            // spec.commonMetadata labels are set on every object the Kustomization applies.
            var common = Fields.Mapping(Fields.Mapping(kustomization.Object.Spec, "commonMetadata"), "labels");
            if (Fields.String(common, key) is { } label)
                return label.Value;
        }

        return obj.Object.Label(key);
    }

    private string? NamespaceLabel(string ns, string key)
    {
        if (key == NamespaceNameLabel)
            return ns;
        return _namespaces.TryGetValue(ns, out var found) ? ObjectLabel(found.Applier, found.Namespace, key) : null;
    }
}
