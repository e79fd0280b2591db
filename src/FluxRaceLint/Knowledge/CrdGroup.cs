namespace FluxRaceLint.Knowledge;

/// <summary>A CRD API group that a chart or an upstream repository provides.</summary>
/// <param name="Kinds">
/// Known kinds of the group. The list need not be complete: a kind missing from it still belongs to the group.
/// </param>
/// <param name="Delivery">Delivery of this group when it differs from the chart's, otherwise null.</param>
public sealed record CrdGroup(string Group, IReadOnlyList<string> Kinds, CrdDelivery? Delivery, string? Note)
{
    public bool ListsKind(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);
}
