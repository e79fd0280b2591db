namespace FluxRaceLint.Knowledge;

/// <summary>How a chart delivers its CRDs and which values control them.</summary>
public sealed class CrdInfo
{
    // Last path segments that read as an on/off switch. Together with a "crd" segment they mark a
    // values key as an attempt to control CRDs.
    private static readonly string[] SwitchWords =
        ["enabled", "enable", "create", "install", "keep", "skip", "upgrade", "apply", "manage", "deploy"];

    public required CrdDelivery Delivery { get; init; }

    public CrdGate Gate { get; init; } = CrdGate.AllMustBeTrue;

    public IReadOnlyList<CrdGroup> Groups { get; init; } = [];

    public IReadOnlyList<CrdValuesKey> Keys { get; init; } = [];

    public IReadOnlyList<CrdKeyConflict> Conflicts { get; init; } = [];

    public CrdGroup? FindGroup(string group) =>
        Groups.FirstOrDefault(candidate => string.Equals(candidate.Group, group, StringComparison.Ordinal));

    /// <summary>
    /// Tells whether a values key reads as a CRD switch: its last segment is a CRD switch name
    /// (<c>installCRDs</c>, <c>operator.skipCRDCreation</c>), or it is a switch word under a <c>crds</c>
    /// or <c>crd</c> mapping (<c>crds.create</c>). Mappings such as <c>crds.annotations</c> do not.
    /// </summary>
    public static bool LooksLikeCrdToggle(string key)
    {
        // Only keys that read as switching CRD installation itself count: 'installCRDs', 'crds.create',
        // 'crd.enabled'. Keys that merely mention CRDs (cilium's 'serviceMonitor.trustCRDsExist')
        // configure something else.
        var segments = key.Split('.');
        var last = segments[^1];
        if (WholeToggleNames.Contains(last))
        {
            return true;
        }

        var parent = segments.Length > 1 ? segments[^2] : "";
        return (parent.Equals("crds", StringComparison.OrdinalIgnoreCase) || parent.Equals("crd", StringComparison.OrdinalIgnoreCase))
            && SwitchWords.Any(word => last.StartsWith(word, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly HashSet<string> WholeToggleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "installCRDs", "createCRDs", "enableCRDs", "skipCRDs", "skipCRDCreation", "crdsEnabled", "crdEnabled", "manageCRDs", "upgradeCRDs",
    };

    internal bool? InstallsAny(Func<string, bool?> readBoolValue, ChartVersion? version)
    {
        if (Delivery == CrdDelivery.Unknown)
        {
            return null;
        }

        foreach (var group in Groups)
        {
            // The empty kind stands for a kind missing from the list, which only unscoped keys govern.
            foreach (var kind in group.Kinds.Append(string.Empty))
            {
                if (Installs(group, kind, readBoolValue, version))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal bool? Installs(string group, string kind, Func<string, bool?> readBoolValue, ChartVersion? version)
    {
        if (Delivery == CrdDelivery.Unknown)
        {
            return null;
        }

        var known = FindGroup(group);
        return known is not null && Installs(known, kind, readBoolValue, version);
    }

    internal bool AnyKeyOn(CrdKeyEffect effect, Func<string, bool?> readBoolValue, ChartVersion? version) =>
        Keys.Any(key => key.Effect == effect && key.ExistsIn(version) && key.IsOn(readBoolValue));

    internal IReadOnlyList<CrdKeyConflict> FindConflicts(Func<string, bool?> readBoolValue, ChartVersion? version) =>
        Conflicts
            .Where(conflict => conflict.Keys.All(key => KeyExistsIn(key, version)))
            .Where(conflict => conflict.Holds(readBoolValue))
            .ToList();

    internal bool IsKnownKey(string presentKey, ChartVersion? version) =>
        Keys.Any(key => key.ExistsIn(version) && key.Covers(presentKey));

    private bool KeyExistsIn(string key, ChartVersion? version) =>
        Keys.Any(candidate => string.Equals(candidate.Key, key, StringComparison.Ordinal) && candidate.ExistsIn(version));

    private bool Installs(CrdGroup group, string kind, Func<string, bool?> readBoolValue, ChartVersion? version)
    {
        if ((group.Delivery ?? Delivery) == CrdDelivery.None)
        {
            return false;
        }

        var applicable = Keys
            .Where(key => key.ExistsIn(version) && key.AppliesTo(group.Group, kind))
            .ToList();
        if (applicable.Any(key => key.Effect == CrdKeyEffect.Disables && key.IsOn(readBoolValue)))
        {
            return false;
        }

        var enables = applicable.Where(key => key.Effect == CrdKeyEffect.Enables).ToList();
        if (enables.Count == 0)
        {
            return true;
        }

        return Gate == CrdGate.AnyEnables
            ? enables.Any(key => key.IsOn(readBoolValue))
            : enables.All(key => key.IsOn(readBoolValue));
    }
}
