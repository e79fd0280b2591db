namespace FluxRaceLint.Knowledge;

/// <summary>
/// What one Helm chart installs that matters for ordering: its CRDs, its admission webhooks, and the custom
/// resources of other operators that its values can make it render.
/// </summary>
/// <remarks>
/// Methods that take the HelmRelease values use a lookup function: <c>readBoolValue</c> returns the boolean at
/// a dotted values path such as <c>crds.enabled</c>, or null when the values do not set it, in which case the
/// chart's default applies. <c>chartVersion</c> is the chart version when it is known exactly. Null or a range
/// means the newest chart.
/// </remarks>
public sealed class ChartInfo
{
    /// <summary>Chart name as in Chart.yaml, matched case-sensitively as Helm does.</summary>
    public required string Name { get; init; }

    /// <summary>Known repository URLs: HTTP(S) repositories, and OCI repositories as <c>oci://host/path</c>.</summary>
    public IReadOnlyList<string> Repositories { get; init; } = [];

    /// <summary>True for generic chart names that must not match by name alone.</summary>
    public bool RequiresRepositoryMatch { get; init; }

    public KnowledgeConfidence Confidence { get; init; } = KnowledgeConfidence.High;

    public string? Note { get; init; }

    public required CrdInfo Crds { get; init; }

    public IReadOnlyList<WebhookInfo> Webhooks { get; init; } = [];

    /// <summary>Every values switch that can make the chart render custom resources, enabled or not.</summary>
    public IReadOnlyList<RenderedCustomResource> RendersCustomResources { get; init; } = [];

    public WebhookReadinessHook? HookWaitsForWebhook { get; init; }

    /// <summary>
    /// Tells whether <paramref name="repositoryUrl"/> (a HelmRepository URL, or an OCIRepository URL that ends
    /// in the chart name) is one of <see cref="Repositories"/>.
    /// </summary>
    public bool MatchesRepository(string repositoryUrl) =>
        Repositories.Any(known => RepositoryUrl.MatchesChartRepository(known, repositoryUrl, Name));

    /// <summary>Tells whether the chart provides CRDs of <paramref name="group"/>, whatever its values.</summary>
    public bool OwnsGroup(string group) => Crds.FindGroup(group) is not null;

    /// <summary>Returns the webhooks that intercept objects of the kind, enabled or not.</summary>
    public IReadOnlyList<WebhookInfo> WebhooksFor(string group, string kind) =>
        Webhooks.Where(webhook => webhook.Matches(group, kind)).ToList();

    /// <summary>
    /// Tells whether the values leave at least one of the chart's CRDs rendered. Null when the entry does not
    /// say how the chart delivers CRDs. For <see cref="CrdDelivery.CrdsDirectory"/> the HelmRelease's
    /// <c>install.crds</c> policy applies on top, which the caller checks.
    /// </summary>
    public bool? InstallsCrds(Func<string, bool?> readBoolValue, string? chartVersion = null) =>
        Crds.InstallsAny(readBoolValue, ParseVersion(chartVersion));

    /// <summary>
    /// Tells whether the values leave the CRD of <paramref name="group"/> and <paramref name="kind"/>
    /// rendered: false when the chart does not own the group, null when its delivery is unknown.
    /// </summary>
    public bool? InstallsCrd(string group, string kind, Func<string, bool?> readBoolValue, string? chartVersion = null) =>
        Crds.Installs(group, kind, readBoolValue, ParseVersion(chartVersion));

    /// <summary>Tells whether a hook Job applies the CRDs on upgrades, so <c>upgrade.crds</c> does not matter.</summary>
    public bool UpgradesCrdsWithHookJob(Func<string, bool?> readBoolValue, string? chartVersion = null) =>
        Crds.AnyKeyOn(CrdKeyEffect.Upgrades, readBoolValue, ParseVersion(chartVersion));

    /// <summary>Tells whether the CRDs carry <c>helm.sh/resource-policy: keep</c>, so uninstalling keeps them.</summary>
    public bool KeepsCrdsOnUninstall(Func<string, bool?> readBoolValue, string? chartVersion = null) =>
        Crds.AnyKeyOn(CrdKeyEffect.Keeps, readBoolValue, ParseVersion(chartVersion));

    /// <summary>
    /// Returns the present values keys that read as CRD switches (see <see cref="CrdInfo.LooksLikeCrdToggle"/>)
    /// but that this chart version does not know, in input order. The chart ignores such keys, so they do not
    /// turn anything off. Only leaves are checked: a key that another present key extends is skipped.
    /// </summary>
    /// <param name="presentKeys">Dotted paths of the keys the HelmRelease values set.</param>
    public IReadOnlyList<string> UnknownCrdToggleKeys(IEnumerable<string> presentKeys, string? chartVersion = null)
    {
        var version = ParseVersion(chartVersion);
        var present = presentKeys.Distinct(StringComparer.Ordinal).ToList();
        var referenced = ReferencedKeys().ToHashSet(StringComparer.Ordinal);

        return present
            .Where(key => !present.Any(other => other.StartsWith(key + ".", StringComparison.Ordinal)))
            .Where(CrdInfo.LooksLikeCrdToggle)
            .Where(key => !Crds.IsKnownKey(key, version) && !referenced.Contains(key))
            .ToList();
    }

    /// <summary>Returns the CRD key entry for a dotted path whatever the chart version, or null.</summary>
    public CrdValuesKey? FindCrdKey(string key) =>
        Crds.Keys.FirstOrDefault(candidate => string.Equals(candidate.Key, key, StringComparison.Ordinal));

    /// <summary>Returns the value combinations in the HelmRelease that make the chart fail to render.</summary>
    public IReadOnlyList<CrdKeyConflict> ConflictingCrdKeys(Func<string, bool?> readBoolValue, string? chartVersion = null) =>
        Crds.FindConflicts(readBoolValue, ParseVersion(chartVersion));

    /// <summary>
    /// Returns the custom resources the values make the chart render whose CRDs come from elsewhere. Entries
    /// whose kinds the chart's own CRDs cover with these values are left out.
    /// </summary>
    public IReadOnlyList<RenderedCustomResource> RenderedCustomResources(
        Func<string, bool?> readBoolValue,
        string? chartVersion = null)
    {
        var version = ParseVersion(chartVersion);
        return RendersCustomResources
            .Where(entry => entry.IsEnabled(readBoolValue))
            .Where(entry => !entry.Kinds.All(kind => Crds.Installs(entry.Group, kind, readBoolValue, version) == true))
            .ToList();
    }

    /// <summary>Tells whether a hook Job keeps the release from turning Ready before the webhook responds.</summary>
    public bool WaitsForWebhookInHook(Func<string, bool?> readBoolValue) =>
        HookWaitsForWebhook?.IsEnabled(readBoolValue) ?? false;

    public override string ToString() => Name;

    private static ChartVersion? ParseVersion(string? chartVersion) =>
        ChartVersion.TryParse(chartVersion, out var version) ? version : null;

    private IEnumerable<string> ReferencedKeys()
    {
        foreach (var webhook in Webhooks)
        {
            if (webhook.EnabledBy is not null)
            {
                yield return webhook.EnabledBy;
            }

            if (webhook.FailurePolicyKey is not null)
            {
                yield return webhook.FailurePolicyKey;
            }

            if (webhook.DisabledBy is not null)
            {
                yield return webhook.DisabledBy.Key;
            }

            if (webhook.FailurePolicyWhenKeyEmpty is not null)
            {
                yield return webhook.FailurePolicyWhenKeyEmpty.Switch.Key;
            }

            foreach (var required in webhook.Requires)
            {
                yield return required.Key;
            }
        }

        foreach (var entry in RendersCustomResources)
        {
            if (entry.Key is not null)
            {
                yield return entry.Key;
            }

            foreach (var required in entry.Requires)
            {
                yield return required.Key;
            }
        }

        if (HookWaitsForWebhook is not null)
        {
            yield return HookWaitsForWebhook.Switch.Key;
        }
    }
}
