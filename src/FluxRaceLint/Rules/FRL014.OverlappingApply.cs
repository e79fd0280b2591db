using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL014: two Kustomizations of one cluster apply the same object. The usual cause is a parent
/// without a kustomization.yaml, whose generated build takes in every YAML file below its path, also
/// the folder a child Kustomization applies behind a dependsOn gate. The parent then applies those
/// objects with no gate, and both Kustomizations own them, so pruning either one deletes them.
/// </summary>
public sealed class OverlappingApplyRule : IRule
{
    private const int MaxWalkedKustomizations = 1_000;

    public RuleDescriptor Descriptor => RuleCatalog.OverlappingApply;

    public void Check(ClusterContext context)
    {
        var owners = new Dictionary<(YDocument Document, string Kind, string? Namespace, string? Name), List<(Applier Applier, AppliedObject Object)>>();
        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier.Kustomization is not { } kustomization)
                continue;
            foreach (var obj in applier.Objects)
            {
                // A Kustomization that applies its own manifest, as the bootstrap one does, is not a second owner.
                if (obj.Object.Document == kustomization.Object.Document || obj.Object.IsKustomizeConfig || ClusterBuilder.IsExcludedFromApply(obj.Object))
                    continue;

                // A name that a variable leaves unknown is set per Kustomization, as shared components do.
                if (obj.Name is null || Fields.HasVariable(obj.Name) || (obj.Namespace is not null && Fields.HasVariable(obj.Namespace)))
                    continue;
                var key = (obj.Object.Document, obj.Kind, obj.Namespace, obj.Name);
                if (!owners.TryGetValue(key, out var list))
                    owners[key] = list = [];
                // Each applier's objects are visited together, so a repeat can only be the last entry.
                if (list.Count == 0 || list[^1].Applier != applier)
                    list.Add((applier, obj));
            }
        }

        var pairs = new Dictionary<(Applier First, Applier Second), List<AppliedObject>>();
        foreach (var list in owners.Values.Where(l => l.Count > 1))
        {
            var ordered = list.OrderBy(entry => entry.Applier.Kustomization!.Object, FileOrder.Instance).ToList();
            foreach (var (second, obj) in ordered.Skip(1))
            {
                var pair = (ordered[0].Applier, second);
                if (!pairs.TryGetValue(pair, out var objects))
                    pairs[pair] = objects = [];
                objects.Add(obj);
            }
        }

        foreach (var ((first, second), objects) in pairs.OrderBy(p => p.Key.Second.Kustomization!.Object, FileOrder.Instance))
        {
            var kustomization = second.Kustomization!;
            var sorted = objects.OrderBy(o => o.Object, FileOrder.Instance).ToList();
            var related = new List<RelatedLocation>
            {
                new(Anchors.Key(first.Kustomization!.Object, first.Kustomization.Object.Spec, "path"), $"Kustomization '{first.Display}' applies the same {Anchors.Plural(sorted.Count, "object")}"),
            };
            related.AddRange(sorted.Take(3).Select(o => Anchors.Related(o, "applied by both")));

            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                Anchors.Key(kustomization.Object, kustomization.Object.Spec, "path"),
                $"Kustomization '{second.Display}' applies {Anchors.List(sorted.Select(o => o.Display))}, which Kustomization '{first.Display}' applies too. {Consequence(first, second)}",
                Help(first, second),
                related,
                $"{first.Display}|{second.Display}|overlap"));
        }
    }

    private static string Consequence(Applier first, Applier second)
    {
        // The other copy skips the gate when it is applied without waiting for a dependency of this one.
        var gated = new[] { second, first }.FirstOrDefault(a => SkipsGate(a, a == first ? second : first));
        var own = "pruning or deleting either Kustomization can delete objects the other still applies.";
        if (gated is null)
            return $"Both own the objects, so {own}";
        var other = gated == first ? second : first;
        return $"The copy in '{other.Display}' is applied without the dependsOn gate of '{gated.Display}', and both own the objects, so {own}";
    }

    /// <summary>
    /// Returns whether <paramref name="other"/> applies without waiting for some dependsOn target of
    /// <paramref name="gated"/>. Checking the direct targets is enough, since waiting for one means
    /// waiting for everything it waits for.
    /// </summary>
    private static bool SkipsGate(Applier gated, Applier other)
    {
        foreach (var dependency in gated.DependsOn)
        {
            if (dependency == other)
                continue;
            switch (WaitsFor(other, dependency))
            {
                case false:
                    return true;
                case null:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns whether <paramref name="target"/> must be Ready before <paramref name="applier"/>
    /// applies, as Cluster.DependencyClosure defines it, or null when the walk exceeds its budget.
    /// </summary>
    /// <remarks>
    /// A bounded walk in place of the full closure keeps a cluster where thousands of Kustomizations
    /// apply one object from computing a closure for each of them.
    /// </remarks>
    private static bool? WaitsFor(Applier applier, Applier target)
    {
        var seen = new HashSet<Applier>();
        var pending = new Stack<Applier>(applier.DependsOn);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next == applier || !seen.Add(next))
                continue;
            if (next == target)
                return true;
            if (seen.Count > MaxWalkedKustomizations)
                return null;
            foreach (var dependency in next.DependsOn)
                pending.Push(dependency);
            foreach (var child in next.Children.Where(next.CoversKustomization))
                pending.Push(child);
        }

        return false;
    }

    private static string Help(Applier first, Applier second)
    {
        var (outer, inner) = Contains(first.BuildPath, second.BuildPath) ? (first, second)
            : Contains(second.BuildPath, first.BuildPath) ? (second, first)
            : (null, null);
        if (outer is not null && inner is not null)
        {
            var outerPath = outer.BuildPath!.Length == 0 ? "." : outer.BuildPath;
            return $"Give '{outerPath}' a kustomization.yaml that leaves out '{inner.BuildPath}', so that only Kustomization '{inner.Display}' applies that folder, or move the folder out of '{outerPath}'.";
        }

        return "Apply each object from one Kustomization only: remove it from the build of the other.";
    }

    private static bool Contains(string? outer, string? inner) =>
        outer is not null && inner is not null && outer != inner
        && (outer.Length == 0 || inner.StartsWith(outer + "/", StringComparison.Ordinal));

    /// <summary>Orders objects by the file and line they are written at.</summary>
    private sealed class FileOrder : IComparer<KubeObject>
    {
        public static readonly FileOrder Instance = new();

        public int Compare(KubeObject? x, KubeObject? y)
        {
            if (ReferenceEquals(x, y))
                return 0;
            if (x is null)
                return -1;
            if (y is null)
                return 1;
            var result = string.CompareOrdinal(x.File.Path, y.File.Path);
            return result != 0 ? result : x.Document.Start.Line.CompareTo(y.Document.Start.Line);
        }
    }
}
