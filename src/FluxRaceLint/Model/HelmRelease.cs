using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>A Flux HelmRelease (helm.toolkit.fluxcd.io v2, v2beta2 or v2beta1) as applied.</summary>
public sealed class HelmRelease
{
    public HelmRelease(AppliedObject applied, ReadLimits limits)
    {
        Applied = applied;
        var obj = applied.Object;
        var spec = obj.Spec;
        var file = obj.File;
        Name = applied.Name ?? "";
        Namespace = applied.Namespace ?? "default";
        if (spec is null)
        {
            Problems.Add(Model.Problems.Missing(file, obj.Root, "spec"));
            DependsOn = [];
            ValuesFrom = [];
            return;
        }

        var chartSpec = Fields.Mapping(Fields.Mapping(spec, "chart"), "spec");
        ChartNode = spec.Get("chart") ?? spec.Get("chartRef");
        if (chartSpec is not null)
        {
            ChartName = Fields.String(chartSpec, "chart")?.Value;
            ChartVersion = Fields.String(chartSpec, "version")?.Value;
            ChartSource = References.Source(Fields.Mapping(chartSpec, "sourceRef"), Namespace);
        }
        else if (Fields.Mapping(spec, "chartRef") is { } chartRef)
        {
            ChartSource = References.Source(chartRef, Namespace);
        }
        else if (spec.Get("chart") is null && spec.Get("chartRef") is null)
        {
            Problems.Add(Model.Problems.Missing(file, spec, "spec.chart or spec.chartRef"));
        }

        MergedValues = HelmValues.Inline(Fields.Mapping(spec, "values"));
        ValuesNode = spec.Get("values");
        ValuesFrom = ValuesReference.Read(spec, file, Problems, limits);
        Install = Fields.Mapping(spec, "install");
        Upgrade = Fields.Mapping(spec, "upgrade");
        Timeout = Fields.Duration(spec, "timeout");

        // The API server rejects a HelmRelease without an interval, or with a duration it cannot parse.
        var intervalNode = spec.Get("interval");
        if (intervalNode is null)
            Problems.Add(Model.Problems.Missing(file, spec, "spec.interval"));
        else if (Fields.Duration(spec, "interval") is null && !IsTemplated(intervalNode))
            Problems.Add(Model.Problems.WrongType(file, intervalNode, "spec.interval", "a duration such as '10m' or '1h'"));
        if (spec.Get("timeout") is { } timeoutNode && Timeout is null && !IsTemplated(timeoutNode))
            Problems.Add(Model.Problems.WrongType(file, timeoutNode, "spec.timeout", "a duration such as '5m'"));
        TargetNamespace = Fields.String(spec, "targetNamespace")?.Value;
        DependsOn = References.DependsOn(spec, Namespace, file, Problems, limits);
        DependsOnNode = spec.Get("dependsOn");
    }

    private static bool IsTemplated(YNode node) => node is YScalar scalar && Fields.HasVariable(scalar.Value);

    public AppliedObject Applied { get; }

    public KubeObject Object => Applied.Object;

    public string Name { get; }

    public string Namespace { get; }

    public string Display => $"{Namespace}/{Name}";

    public List<InputProblem> Problems { get; } = [];

    /// <summary>spec.chart.spec.chart; null for a chartRef, whose chart name comes from its source.</summary>
    public string? ChartName { get; set; }

    public string? ChartVersion { get; }

    /// <summary>spec.chart.spec.sourceRef or spec.chartRef.</summary>
    public SourceReference? ChartSource { get; }

    public YNode? ChartNode { get; }

    /// <summary>
    /// The values helm-controller installs with: spec.valuesFrom merged in order, then spec.values.
    /// Until <see cref="MergeValuesFrom"/> runs, and for entries it cannot read, only spec.values.
    /// </summary>
    public YMapping? Values => MergedValues.Root;

    /// <summary>The merged values with the entry each value came from.</summary>
    public HelmValues MergedValues { get; private set; } = HelmValues.Inline(null);

    /// <summary>spec.values as written.</summary>
    public YNode? ValuesNode { get; }

    public IReadOnlyList<ValuesReference> ValuesFrom { get; }

    /// <summary>Merges what was read for each spec.valuesFrom entry, in order, under spec.values.</summary>
    public void MergeValuesFrom(IReadOnlyList<ValuesFromContent> contents) =>
        MergedValues = HelmValues.Merge(Fields.Mapping(Object.Spec, "values"), contents);

    public YMapping? Install { get; }

    public YMapping? Upgrade { get; }

    public Field<TimeSpan>? Timeout { get; }

    public string? TargetNamespace { get; }

    public IReadOnlyList<DependencyReference> DependsOn { get; }

    public YNode? DependsOnNode { get; }

    /// <summary>
    /// Looks up a dotted values path such as <c>crds.enabled</c>, through nested mappings and keys
    /// that themselves contain dots, as Helm merges them.
    /// </summary>
    public YEntry? FindValue(string dottedPath) => FindValue(Values, dottedPath);

    public static YEntry? FindValue(YMapping? mapping, string dottedPath)
    {
        if (mapping is null)
            return null;
        var exact = mapping.Find(dottedPath);
        if (exact is not null)
            return exact;

        var dot = dottedPath.IndexOf('.');
        while (dot > 0)
        {
            var head = dottedPath[..dot];
            if (mapping.Get(head) is YMapping child && FindValue(child, dottedPath[(dot + 1)..]) is { } found)
                return found;
            dot = dottedPath.IndexOf('.', dot + 1);
        }

        return null;
    }

    public string? ScalarValue(string dottedPath) => (FindValue(dottedPath)?.Value as YScalar)?.Value;

    public bool? BoolValue(string dottedPath) =>
        FindValue(dottedPath)?.Value is YScalar scalar ? Fields.ParseBool(scalar) : null;
}
