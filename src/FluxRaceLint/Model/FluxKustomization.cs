using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>A Flux Kustomization (kustomize.toolkit.fluxcd.io v1, v1beta2 or v1beta1) as applied.</summary>
public sealed class FluxKustomization
{
    public FluxKustomization(AppliedObject applied, ReadLimits limits)
    {
        Applied = applied;
        var obj = applied.Object;
        var spec = obj.Spec;
        var file = obj.File;
        Name = applied.Name ?? "";
        Namespace = applied.Namespace ?? "default";

        if (Name.Length == 0)
            Problems.Add(Model.Problems.Missing(file, obj.Root, "metadata.name"));
        if (spec is null)
        {
            Problems.Add(Model.Problems.Missing(file, obj.Root, "spec"));
            DependsOn = [];
            HealthChecks = [];
            return;
        }

        IntervalNode = spec.Get("interval");
        Interval = Fields.Duration(spec, "interval");
        if (IntervalNode is null)
            Problems.Add(Model.Problems.Missing(file, spec, "spec.interval"));
        else if (Interval is null && !IsTemplated(IntervalNode))
            Problems.Add(Model.Problems.WrongType(file, IntervalNode, "spec.interval", "a duration such as '10m' or '1h'"));

        RetryInterval = Fields.Duration(spec, "retryInterval");
        RetryIntervalNode = spec.Get("retryInterval");
        Timeout = Fields.Duration(spec, "timeout");
        Path = Fields.String(spec, "path");
        Wait = Fields.Bool(spec, "wait");
        WaitNode = spec.Get("wait");
        Suspend = Fields.Bool(spec, "suspend")?.Value ?? false;
        TargetNamespace = Fields.String(spec, "targetNamespace");
        HasHealthCheckExprs = spec.Get("healthCheckExprs") is YSequence { Items.Count: > 0 };
        foreach (var item in Fields.Sequence(spec, "healthCheckExprs")?.Items.OfType<YMapping>() ?? [])
        {
            if (Fields.String(item, "apiVersion")?.Value is { } apiVersion)
                HealthCheckExprs.Add((ApiGroups.Split(apiVersion).Group, Fields.String(item, "kind")?.Value));
        }

        var sourceRef = Fields.Mapping(spec, "sourceRef");
        SourceRef = References.Source(sourceRef, Namespace);
        if (SourceRef is null && !IsTemplated(spec.Get("sourceRef")))
            Problems.Add(spec.Get("sourceRef") is { } node
                ? Model.Problems.WrongType(file, node, "spec.sourceRef", "a mapping with 'kind' and 'name'")
                : Model.Problems.Missing(file, spec, "spec.sourceRef"));

        DependsOnNode = spec.Get("dependsOn");
        DependsOn = References.DependsOn(spec, Namespace, file, Problems, limits);
        HealthChecks = ReadHealthChecks(spec, limits);
    }

    public AppliedObject Applied { get; }

    public KubeObject Object => Applied.Object;

    public string Name { get; }

    public string Namespace { get; }

    public string Display => $"{Namespace}/{Name}";

    public List<InputProblem> Problems { get; } = [];

    public Field<TimeSpan>? Interval { get; }

    public YNode? IntervalNode { get; }

    public Field<TimeSpan>? RetryInterval { get; }

    public YNode? RetryIntervalNode { get; }

    public Field<TimeSpan>? Timeout { get; }

    public Field<string>? Path { get; }

    public Field<bool>? Wait { get; }

    /// <summary>The wait field as written, also when a variable makes its value unknown.</summary>
    public YNode? WaitNode { get; }

    public bool Suspend { get; }

    public Field<string>? TargetNamespace { get; }

    public bool HasHealthCheckExprs { get; }

    /// <summary>The group and kind (null for the whole group) of each healthCheckExprs entry.</summary>
    public List<(string Group, string? Kind)> HealthCheckExprs { get; } = [];

    /// <summary>
    /// True when a CEL health expression judges objects of this kind. Without one, kstatus treats a
    /// custom resource that has no Reconciling or Stalled condition as healthy at once.
    /// </summary>
    public bool HasHealthExpressionFor(string group, string kind) =>
        HealthCheckExprs.Any(entry => entry.Group == group && (entry.Kind is null || entry.Kind == kind));

    public SourceReference? SourceRef { get; }

    public YNode? DependsOnNode { get; }

    public IReadOnlyList<DependencyReference> DependsOn { get; }

    public IReadOnlyList<HealthCheckReference> HealthChecks { get; }

    /// <summary>
    /// True when Ready waits for the applied objects to become healthy: 'wait: true', or
    /// healthChecks, or a wait value that a variable makes unknown (given the benefit of the doubt).
    /// </summary>
    public bool WaitsForAll => Wait?.Value == true || (Wait is null && WaitNode is YScalar scalar && Fields.HasVariable(scalar.Value));

    public bool HasReadinessGate => WaitsForAll || HealthChecks.Count > 0;

    /// <summary>True when this Kustomization's health check covers the given object.</summary>
    public bool HealthCheckCovers(AppliedObject target) => WaitsForAll || HealthChecksName(target);

    /// <summary>
    /// True when a healthChecks entry names the object, which may be one that another Kustomization or a
    /// chart applies. kustomize-controller ignores healthChecks when 'wait: true' is set.
    /// </summary>
    public bool HealthChecksName(AppliedObject target)
    {
        if (WaitsForAll)
            return false;
        foreach (var check in HealthChecks)
        {
            if (check.Kind == target.Kind && check.Name == target.Name && (check.Namespace ?? target.Namespace) == target.Namespace)
                return true;
        }

        return false;
    }

    private static bool IsTemplated(YNode? node) => node is YScalar scalar && Fields.HasVariable(scalar.Value);

    private static List<HealthCheckReference> ReadHealthChecks(YMapping spec, ReadLimits limits)
    {
        var result = new List<HealthCheckReference>();
        if (Fields.Sequence(spec, "healthChecks") is not { } sequence)
            return result;
        foreach (var item in sequence.Items.Take(limits.MaxListEntries))
        {
            if (item is not YMapping entry)
                continue;
            var kind = Fields.String(entry, "kind")?.Value;
            var name = Fields.String(entry, "name")?.Value;
            if (kind is null || name is null)
                continue;
            var apiVersion = Fields.String(entry, "apiVersion")?.Value ?? "apps/v1";
            result.Add(new HealthCheckReference(apiVersion, kind, name, Fields.String(entry, "namespace")?.Value, entry));
        }

        return result;
    }
}
