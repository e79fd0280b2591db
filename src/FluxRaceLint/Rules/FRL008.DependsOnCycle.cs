using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL008: dependsOn edges that form a cycle. Neither controller detects cycles: every member waits
/// for another forever, and kustomize-controller also stops reacting to new revisions of a source
/// that cyclic Kustomizations share.
/// </summary>
public sealed class DependsOnCycleRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.DependsOnCycle;

    public void Check(ClusterContext context)
    {
        var kustomizations = context.Cluster.Appliers.Where(a => a.Kustomization is not null).ToList();
        ReportCycles(context, "Kustomizations", kustomizations, a => a.DependsOn, a => a.Kustomization!.Object, a => a.Display,
            (from, to) => from.Kustomization!.DependsOn.FirstOrDefault(d => d.Namespace == to.Kustomization!.Namespace && d.Name == to.Kustomization.Name)?.Node);
        ReportCycles(context, "HelmReleases", context.Cluster.HelmReleases, h => h.DependsOn, h => h.Release.Object, h => h.Release.Display,
            (from, to) => from.Release.DependsOn.FirstOrDefault(d => d.Namespace == to.Release.Namespace && d.Name == to.Release.Name)?.Node);
        ReportParentsDependingOnChildren(context, kustomizations);
    }

    private void ReportParentsDependingOnChildren(ClusterContext context, List<Applier> kustomizations)
    {
        foreach (var parent in kustomizations)
        {
            foreach (var ancestor in parent.DependsOn)
            {
                if (!WaitsFor(ancestor, parent))
                    continue;
                var child = parent.Kustomization!;
                var entry = child.DependsOn.First(d => d.Namespace == ancestor.Kustomization!.Namespace && d.Name == ancestor.Kustomization.Name).Node;
                context.Report(Anchors.Create(
                    Descriptor,
                    Descriptor.DefaultSeverity,
                    Spans.Of(child.Object.File, entry),
                    $"Kustomization '{parent.Display}' depends on '{ancestor.Display}', which applies it and waits for its health: '{ancestor.Display}' is Ready only once '{parent.Display}' is, and '{parent.Display}' applies only once '{ancestor.Display}' is Ready, so neither ever becomes Ready.",
                    $"Remove this entry, or depend on a sibling Kustomization that applies what this one needs.",
                    [new RelatedLocation(Anchors.Name(ancestor.Kustomization!.Object), "the Kustomization that applies this one and waits for it")],
                    $"{parent.Display}|waiting-ancestor|{ancestor.Display}"));
            }

            foreach (var child in parent.DependsOn)
            {
                if (!Anchors.IsAncestor(parent, child))
                    continue;
                var kustomization = parent.Kustomization!;
                var node = kustomization.DependsOn.First(d => d.Namespace == child.Kustomization!.Namespace && d.Name == child.Kustomization.Name).Node;
                context.Report(Anchors.Create(
                    Descriptor,
                    Descriptor.DefaultSeverity,
                    Spans.Of(kustomization.Object.File, node),
                    $"Kustomization '{parent.Display}' depends on its own child '{child.Display}': the child exists only once the parent has applied it, and the parent applies only once the child is Ready, so neither ever becomes Ready.",
                    $"Remove this entry; to order '{child.Display}' after the rest of '{parent.Display}', make it depend on a sibling instead.",
                    [new RelatedLocation(Anchors.Name(child.Kustomization!.Object), "the child Kustomization")],
                    $"{parent.Display}|child|{child.Display}"));
            }
        }
    }

    /// <summary>Returns whether <paramref name="ancestor"/> applies <paramref name="applier"/> and, through every level between, waits for its health.</summary>
    private static bool WaitsFor(Applier ancestor, Applier applier)
    {
        for (var child = applier; child.Parent is { } parent; child = parent)
        {
            if (!parent.CoversKustomization(child))
                return false;
            if (parent == ancestor)
                return true;
        }

        return false;
    }

    private void ReportCycles<T>(
        ClusterContext context,
        string plural,
        IReadOnlyList<T> nodes,
        Func<T, IEnumerable<T>> edges,
        Func<T, KubeObject> objectOf,
        Func<T, string> display,
        Func<T, T, Loading.YNode?> edgeNode)
        where T : class
    {
        foreach (var component in StronglyConnected(nodes, edges))
        {
            if (component.Count < 2)
                continue;

            // Start from the member that comes first in file order, so the report is the same on every run.
            var start = component
                .OrderBy(n => objectOf(n).File.Path, StringComparer.Ordinal)
                .ThenBy(n => objectOf(n).Root.Start.Line)
                .First();
            var members = component.ToHashSet();
            var path = ShortestCycle(start, members, edges);
            var text = string.Join(" -> ", path.Select(n => $"'{display(n)}'"));
            var next = path[1];
            var obj = objectOf(start);
            var node = edgeNode(start, next);
            var location = node is null ? obj.Anchor : Spans.Of(obj.File, node);
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                location,
                $"{plural} {text} depend on each other in a cycle, which Flux never detects, so none of them ever becomes Ready.",
                $"Remove one dependsOn entry of the cycle, for example this one on '{display(next)}'.",
                [.. path.Skip(1).Take(path.Count - 2).Select(n => new RelatedLocation(Anchors.Name(objectOf(n)), $"'{display(n)}' is part of the cycle"))],
                $"{plural}|cycle|{string.Join(",", members.Select(display).Order(StringComparer.Ordinal))}"));
        }
    }

    private static List<T> ShortestCycle<T>(T start, HashSet<T> members, Func<T, IEnumerable<T>> edges)
        where T : class
    {
        var previous = new Dictionary<T, T>();
        var queue = new Queue<T>();
        queue.Enqueue(start);
        var visited = new HashSet<T> { start };
        T? last = null;
        while (queue.Count > 0 && last is null)
        {
            var current = queue.Dequeue();
            foreach (var next in edges(current))
            {
                if (!members.Contains(next))
                    continue;
                if (next == start)
                {
                    last = current;
                    break;
                }

                if (visited.Add(next))
                {
                    previous[next] = current;
                    queue.Enqueue(next);
                }
            }
        }

        var path = new List<T> { start };
        for (var node = last; node is not null && node != start; node = previous.GetValueOrDefault(node))
            path.Insert(1, node);
        path.Add(start);
        return path;
    }

    /// <summary>Tarjan's algorithm with an explicit stack, so a long dependency chain cannot overflow the call stack.</summary>
    private static List<List<T>> StronglyConnected<T>(IReadOnlyList<T> nodes, Func<T, IEnumerable<T>> edges)
        where T : class
    {
        var index = new Dictionary<T, int>();
        var low = new Dictionary<T, int>();
        var onStack = new HashSet<T>();
        var stack = new Stack<T>();
        var result = new List<List<T>>();
        var counter = 0;
        var known = nodes.ToHashSet();

        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
                continue;
            var work = new Stack<(T Node, IEnumerator<T> Next)>();
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            work.Push((root, edges(root).Where(known.Contains).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var target = next.Current;
                    if (!index.TryGetValue(target, out var targetIndex))
                    {
                        index[target] = low[target] = counter++;
                        stack.Push(target);
                        onStack.Add(target);
                        work.Push((target, edges(target).Where(known.Contains).GetEnumerator()));
                    }
                    else if (onStack.Contains(target))
                    {
                        low[node] = Math.Min(low[node], targetIndex);
                    }

                    continue;
                }

                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] != index[node])
                    continue;
                var component = new List<T>();
                T member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                result.Add(component);
            }
        }

        return result;
    }
}
