namespace FluxRaceLint.Model;

/// <summary>The group and kind a CustomResourceDefinition manifest defines.</summary>
public sealed record CustomResourceDefinition(string Group, string Kind, bool IsClusterScoped, AppliedObject Applied)
{
    /// <summary>spec.names.plural, the resource name that RBAC and admission webhook rules use, or null when absent.</summary>
    public string? Plural { get; init; }

    public static CustomResourceDefinition? From(AppliedObject applied)
    {
        var spec = applied.Object.Spec;
        var group = Fields.String(spec, "group")?.Value;
        var kind = Fields.String(Fields.Mapping(spec, "names"), "kind")?.Value;
        if (group is null || kind is null)
            return null;
        var clusterScoped = Fields.String(spec, "scope")?.Value == "Cluster";
        var plural = Fields.String(Fields.Mapping(spec, "names"), "plural")?.Value;
        return new CustomResourceDefinition(group, kind, clusterScoped, applied) { Plural = plural };
    }
}
