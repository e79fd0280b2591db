namespace FluxRaceLint.Knowledge;

/// <summary>A values key that controls a chart's CRDs.</summary>
/// <param name="Key">
/// Dotted values path such as <c>crds.enabled</c>. A path ending in <c>.*</c> stands for the key before it and
/// every key below that.
/// </param>
/// <param name="Default">The chart's default, or null for <see cref="CrdKeyEffect.Option"/> keys without a boolean default.</param>
/// <param name="Group">Group the key is limited to, or null for every group of the chart.</param>
/// <param name="Kinds">Kinds the key is limited to, or empty for every kind.</param>
/// <param name="SinceVersion">First chart version that has the key, or null when every known version has it.</param>
/// <param name="UntilVersion">First chart version that no longer has it, or null when the newest chart still has it.</param>
public sealed record CrdValuesKey(
    string Key,
    bool? Default,
    CrdKeyEffect Effect,
    string? Group,
    IReadOnlyList<string> Kinds,
    ChartVersion? SinceVersion,
    ChartVersion? UntilVersion,
    string? Note)
{
    private const string PrefixSuffix = ".*";

    public bool IsPrefix => Key.EndsWith(PrefixSuffix, StringComparison.Ordinal);

    /// <summary>
    /// Tells whether a chart of <paramref name="version"/> has the key. An unknown version stands for the
    /// newest chart, which has every key without an <see cref="UntilVersion"/>.
    /// </summary>
    public bool ExistsIn(ChartVersion? version)
    {
        if (version is not { } known)
        {
            return UntilVersion is null;
        }

        return (SinceVersion is not { } since || known >= since) && (UntilVersion is not { } until || known < until);
    }

    /// <summary>Tells whether the key's scope covers the CRD of <paramref name="group"/> and <paramref name="kind"/>.</summary>
    public bool AppliesTo(string group, string kind)
    {
        if (Group is not null && !string.Equals(Group, group, StringComparison.Ordinal))
        {
            return false;
        }

        return Kinds.Count == 0 || Kinds.Contains(kind, StringComparer.Ordinal);
    }

    /// <summary>
    /// Tells whether a values key present in a HelmRelease is this key, lies below a prefix key, or is a
    /// mapping that contains this key (<c>crds</c> for <c>crds.enabled</c>).
    /// </summary>
    public bool Covers(string presentKey)
    {
        if (IsPrefix)
        {
            var root = Key[..^PrefixSuffix.Length];
            return string.Equals(presentKey, root, StringComparison.Ordinal)
                || presentKey.StartsWith(root + ".", StringComparison.Ordinal)
                || root.StartsWith(presentKey + ".", StringComparison.Ordinal);
        }

        return string.Equals(presentKey, Key, StringComparison.Ordinal)
            || Key.StartsWith(presentKey + ".", StringComparison.Ordinal);
    }

    internal bool IsOn(Func<string, bool?> readBoolValue) => readBoolValue(Key) ?? Default ?? false;
}
