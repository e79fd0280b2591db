using FluxRaceLint.Graph;

namespace FluxRaceLint.Reporting;

/// <summary>
/// Draws each cluster's Kustomizations and HelmReleases: dependsOn edges, what applies what, the
/// readiness gates, and, marked, the dependsOn edges whose absence makes a race.
/// </summary>
public static class GraphWriter
{
    public static readonly IReadOnlyList<string> Formats = ["mermaid", "dot"];

    public static void Write(IReadOnlyList<(Cluster Cluster, RaceAnalysis Analysis)> clusters, string format, TextWriter output)
    {
        var graphs = clusters.Select((c, index) => Build(c.Cluster, c.Analysis, index)).ToList();
        if (format == "dot")
            WriteDot(graphs, output);
        else
            WriteMermaid(graphs, output);
    }

    private sealed record Node(string Id, string Kind, string Name, string Gate, bool NeedsGate);

    private sealed record Edge(string From, string To, string Label, EdgeKind Kind);

    private enum EdgeKind
    {
        DependsOn,
        Applies,
        Missing,
    }

    private sealed record ClusterGraph(string Name, List<Node> Nodes, List<Edge> Edges);

    private static ClusterGraph Build(Cluster cluster, RaceAnalysis analysis, int index)
    {
        var ids = new Dictionary<object, string>();
        var nodes = new List<Node>();
        var needsGate = analysis.Results
            .SelectMany(r => r.Webhooks.Where(w => w.State == NeedState.Ungated).Select(w => w.Provider.Applier)
                .Concat(r.Definition == NeedState.Ungated && r.Culprit is { } culprit ? [culprit.Applier] : []))
            .ToHashSet();

        foreach (var applier in cluster.Appliers.OrderBy(a => a.Display, StringComparer.Ordinal))
        {
            var id = $"c{index}k{ids.Count}";
            ids[applier] = id;
            var gate = "";
            if (applier.Kustomization?.WaitsForAll == true)
                gate = "wait";
            else if (applier.Kustomization?.HealthChecks.Count > 0)
                gate = "healthChecks";
            nodes.Add(new Node(id, applier.Kustomization is null ? "root" : "Kustomization", applier.Display, gate, needsGate.Contains(applier)));
        }

        foreach (var release in cluster.HelmReleases.OrderBy(r => r.Release.Display, StringComparer.Ordinal))
        {
            var id = $"c{index}h{ids.Count}";
            ids[release] = id;
            nodes.Add(new Node(id, "HelmRelease", release.Release.Display, "", false));
        }

        var edges = new List<Edge>();
        foreach (var applier in cluster.Appliers)
        {
            foreach (var dependency in applier.DependsOn)
                edges.Add(new Edge(ids[applier], ids[dependency], "dependsOn", EdgeKind.DependsOn));
            foreach (var child in applier.Children)
                edges.Add(new Edge(ids[applier], ids[child], "applies", EdgeKind.Applies));
            foreach (var release in applier.HelmReleases)
                edges.Add(new Edge(ids[applier], ids[release], "applies", EdgeKind.Applies));
        }

        foreach (var release in cluster.HelmReleases)
        {
            foreach (var dependency in release.DependsOn)
                edges.Add(new Edge(ids[release], ids[dependency], "dependsOn", EdgeKind.DependsOn));
        }

        foreach (var result in analysis.Results)
        {
            var from = ids[result.Applier];
            if (result.Definition == NeedState.NotOrdered)
            {
                var provider = result.InferredProvider ?? result.Providers.FirstOrDefault(p => p.Applier != result.Applier)?.Applier;
                if (provider is not null && !Anchors(result.Applier, provider))
                    edges.Add(new Edge(from, ids[provider], "missing dependsOn", EdgeKind.Missing));
            }

            foreach (var (webhook, state, _) in result.Webhooks)
            {
                if (state == NeedState.NotOrdered && result.Definition == NeedState.Satisfied && !webhook.FailurePolicyIgnore && !Anchors(result.Applier, webhook.Applier))
                    edges.Add(new Edge(from, ids[webhook.Applier], "missing dependsOn", EdgeKind.Missing));
            }
        }

        var unique = edges.Distinct().OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Kind).ToList();
        return new ClusterGraph(cluster.Name, nodes, unique);
    }

    /// <summary>An ancestor applies the dependent, so a dependsOn edge to it cannot be the fix.</summary>
    private static bool Anchors(Applier applier, Applier provider)
    {
        for (var current = applier.Parent; current is not null; current = current.Parent)
        {
            if (current == provider)
                return true;
        }

        return provider == applier;
    }

    private static void WriteMermaid(List<ClusterGraph> graphs, TextWriter output)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        text.Write("flowchart LR\n");
        var linkIndex = 0;
        var missingLinks = new List<int>();
        foreach (var graph in graphs)
        {
            text.Write($"  subgraph {graph.Nodes.FirstOrDefault()?.Id.Split('k', 'h')[0] ?? "c"}[\"cluster {Escape(graph.Name)}\"]\n");
            foreach (var node in graph.Nodes)
            {
                var label = $"{node.Kind}<br/>{Escape(node.Name)}{(node.Gate.Length > 0 ? $"<br/>{node.Gate}" : "")}{(node.NeedsGate ? "<br/>needs wait" : "")}";
                text.Write(node.Kind == "HelmRelease" ? $"    {node.Id}([\"{label}\"])\n" : $"    {node.Id}[\"{label}\"]\n");
            }

            text.Write("  end\n");
            foreach (var edge in graph.Edges)
            {
                var arrow = edge.Kind switch
                {
                    EdgeKind.DependsOn => $"  {edge.From} -->|dependsOn| {edge.To}\n",
                    EdgeKind.Applies => $"  {edge.From} -.->|applies| {edge.To}\n",
                    _ => $"  {edge.From} ==>|missing dependsOn| {edge.To}\n",
                };
                text.Write(arrow);
                if (edge.Kind == EdgeKind.Missing)
                    missingLinks.Add(linkIndex);
                linkIndex++;
            }

            foreach (var node in graph.Nodes.Where(n => n.NeedsGate))
                text.Write($"  style {node.Id} stroke:#d00,stroke-width:2px\n");
        }

        if (missingLinks.Count > 0)
            text.Write($"  linkStyle {string.Join(',', missingLinks)} stroke:#d00,stroke-width:2px\n");
        output.Write(text.ToString());
    }

    private static void WriteDot(List<ClusterGraph> graphs, TextWriter output)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        text.Write("digraph fluxracelint {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for (var i = 0; i < graphs.Count; i++)
        {
            var graph = graphs[i];
            text.Write($"  subgraph cluster_{i} {{\n    label=\"{DotEscape(graph.Name)}\";\n");
            foreach (var node in graph.Nodes)
            {
                var label = $"{node.Kind}\\n{DotEscape(node.Name)}{(node.Gate.Length > 0 ? $"\\n{node.Gate}" : "")}{(node.NeedsGate ? "\\nneeds wait" : "")}";
                var shape = node.Kind == "HelmRelease" ? "ellipse" : "box";
                var color = node.NeedsGate ? ", color=red, penwidth=2" : "";
                text.Write($"    {node.Id} [label=\"{label}\", shape={shape}{color}];\n");
            }

            text.Write("  }\n");
            foreach (var edge in graph.Edges)
            {
                var style = edge.Kind switch
                {
                    EdgeKind.DependsOn => "label=\"dependsOn\"",
                    EdgeKind.Applies => "label=\"applies\", style=dotted",
                    _ => "label=\"missing dependsOn\", style=dashed, color=red, penwidth=2",
                };
                text.Write($"  {edge.From} -> {edge.To} [{style}];\n");
            }
        }

        text.Write("}\n");
        output.Write(text.ToString());
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static string DotEscape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
