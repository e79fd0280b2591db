using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>One entry of an admission webhook's <c>rules</c>: the operations and resources it intercepts.</summary>
/// <param name="Resources">Resource names in the plural form, such as <c>widgets</c>, <c>*</c> or <c>widgets/status</c>.</param>
/// <param name="Scope">
/// <c>Cluster</c>, <c>Namespaced</c> or <c>*</c> (the default): whether the rule intercepts cluster-scoped
/// objects, namespaced objects or both.
/// </param>
public sealed record AdmissionRule(
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> Operations,
    string Scope = "*")
{
    /// <summary>Returns whether the rule intercepts creating or updating objects of this group and resource.</summary>
    public bool Intercepts(string group, string version, string plural, bool exactVersion, bool clusterScoped)
    {
        if (!Operations.Any(op => op is "*" or "CREATE" or "UPDATE"))
            return false;

        // The API server rejects any other scope value, so it is read as the default '*'.
        if ((Scope == "Namespaced" && clusterScoped) || (Scope == "Cluster" && !clusterScoped))
            return false;
        if (!ApiGroups.Any(candidate => candidate == "*" || candidate == group))
            return false;

        // With matchPolicy Equivalent, the API server also sends an object of another version of the same
        // resource, converted to a version the rule names.
        if (exactVersion && !ApiVersions.Any(candidate => candidate == "*" || candidate == version))
            return false;

        // '*' and '*/*' cover every resource. 'widgets/*' and '*/status' name only subresources.
        return Resources.Any(candidate => candidate is "*" or "*/*" || candidate == plural);
    }
}

/// <summary>One entry of <c>webhooks[]</c> of a Validating- or MutatingWebhookConfiguration.</summary>
/// <param name="NameNode">The <c>name</c> value, or the entry itself when it has no name.</param>
/// <param name="ExactMatchPolicy">True for <c>matchPolicy: Exact</c>, the v1beta1 default.</param>
/// <param name="HasMatchConditions">True when <c>matchConditions</c> (CEL expressions) can leave objects out.</param>
/// <param name="ServiceNamespace">Namespace of <c>clientConfig.service</c>, null when the webhook names no service.</param>
/// <param name="Url">
/// <c>clientConfig.url</c>: the webhook runs at an address outside the cluster, not behind a Service.
/// </param>
public sealed record AdmissionWebhook(
    string Name,
    YNode NameNode,
    IReadOnlyList<AdmissionRule> Rules,
    WebhookFailurePolicy FailurePolicy,
    bool ExactMatchPolicy,
    YMapping? NamespaceSelector,
    YMapping? ObjectSelector,
    bool HasMatchConditions,
    string? ServiceNamespace,
    string? ServiceName,
    string? Url)
{
    public string? ServiceDisplay => ServiceName is null ? null : $"{ServiceNamespace}/{ServiceName}";
}

/// <summary>
/// A ValidatingWebhookConfiguration or MutatingWebhookConfiguration manifest of
/// <c>admissionregistration.k8s.io</c> v1 or v1beta1, with the defaults of its version filled in.
/// </summary>
public sealed class AdmissionWebhookConfiguration
{
    private const string Group = "admissionregistration.k8s.io";

    private AdmissionWebhookConfiguration(AppliedObject applied, WebhookType type, IReadOnlyList<AdmissionWebhook> webhooks)
    {
        Applied = applied;
        Type = type;
        Webhooks = webhooks;
    }

    public AppliedObject Applied { get; }

    public WebhookType Type { get; }

    public IReadOnlyList<AdmissionWebhook> Webhooks { get; }

    /// <summary>'ValidatingWebhookConfiguration/name', which identifies the configuration in fingerprints.</summary>
    public string Display => $"{Applied.Kind}/{Applied.Name}";

    /// <summary>Names the configuration in a sentence: "ValidatingWebhookConfiguration 'name'".</summary>
    public string Describe() => $"{Applied.Kind} '{Applied.Name}'";

    /// <summary>Returns the configuration in an applied object, or null for another kind or an API version other than v1 and v1beta1.</summary>
    public static AdmissionWebhookConfiguration? From(AppliedObject applied, ReadLimits limits)
    {
        var obj = applied.Object;
        if (obj.Group != Group || obj.Version is not ("v1" or "v1beta1"))
            return null;
        WebhookType type;
        if (obj.Kind == "ValidatingWebhookConfiguration")
            type = WebhookType.Validating;
        else if (obj.Kind == "MutatingWebhookConfiguration")
            type = WebhookType.Mutating;
        else
            return null;

        // v1beta1 defaults to failurePolicy Ignore and matchPolicy Exact, and v1 to Fail and Equivalent.
        var beta = obj.Version == "v1beta1";
        var webhooks = new List<AdmissionWebhook>();
        foreach (var entry in Fields.Sequence(obj.Root, "webhooks")?.Items.Take(limits.MaxListEntries).OfType<YMapping>() ?? [])
        {
            var name = Fields.String(entry, "name");
            var policy = Fields.String(entry, "failurePolicy")?.Value switch
            {
                "Fail" => WebhookFailurePolicy.Fail,
                "Ignore" => WebhookFailurePolicy.Ignore,
                _ => beta ? WebhookFailurePolicy.Ignore : WebhookFailurePolicy.Fail,
            };
            var matchPolicy = Fields.String(entry, "matchPolicy")?.Value;
            var clientConfig = Fields.Mapping(entry, "clientConfig");
            var service = Fields.Mapping(clientConfig, "service");
            webhooks.Add(new AdmissionWebhook(
                name?.Value ?? "",
                name?.Node ?? entry,
                ReadRules(entry, limits),
                policy,
                matchPolicy is null ? beta : matchPolicy == "Exact",
                Fields.Mapping(entry, "namespaceSelector"),
                Fields.Mapping(entry, "objectSelector"),
                Fields.Sequence(entry, "matchConditions") is { Items.Count: > 0 },
                service is null ? null : Fields.String(service, "namespace")?.Value,
                service is null ? null : Fields.String(service, "name")?.Value,
                Fields.String(clientConfig, "url")?.Value));
        }

        return new AdmissionWebhookConfiguration(applied, type, webhooks);
    }

    private static List<AdmissionRule> ReadRules(YMapping webhook, ReadLimits limits)
    {
        var rules = new List<AdmissionRule>();
        foreach (var rule in Fields.Sequence(webhook, "rules")?.Items.Take(limits.MaxListEntries).OfType<YMapping>() ?? [])
        {
            rules.Add(new AdmissionRule(
                Strings(rule, "apiGroups", limits),
                Strings(rule, "apiVersions", limits),
                Strings(rule, "resources", limits),
                Strings(rule, "operations", limits),
                Fields.String(rule, "scope")?.Value ?? "*"));
        }

        return rules;
    }

    private static List<string> Strings(YMapping mapping, string key, ReadLimits limits) =>
        [.. Fields.Sequence(mapping, key)?.Items.Take(limits.MaxListEntries).OfType<YScalar>().Select(scalar => scalar.Value) ?? []];
}
