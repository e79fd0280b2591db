using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>A dependsOn entry: the name and namespace of another object of the same kind.</summary>
/// <param name="Namespace">The namespace after defaulting to the dependent's own.</param>
/// <param name="IsKnown">False when a postBuild variable makes the name or namespace unknowable.</param>
public sealed record DependencyReference(string Name, string Namespace, YNode Node, bool IsKnown)
{
    public string Display => $"{Namespace}/{Name}";
}

/// <summary>A sourceRef, chartRef or chart sourceRef.</summary>
public sealed record SourceReference(string Kind, string Name, string Namespace, YNode Node);

/// <summary>A healthChecks entry; its namespace is not defaulted by kustomize-controller.</summary>
public sealed record HealthCheckReference(string ApiVersion, string Kind, string Name, string? Namespace, YNode Node);

internal static class References
{
    public static List<DependencyReference> DependsOn(YMapping? spec, string ownNamespace, SourceFile file, List<InputProblem> problems, ReadLimits limits)
    {
        var result = new List<DependencyReference>();
        var node = spec?.Get("dependsOn");
        if (node is null or YScalar { IsNull: true })
            return result;
        if (node is not YSequence sequence)
        {
            problems.Add(Problems.WrongType(file, node, "spec.dependsOn", "a list of {name, namespace} entries"));
            return result;
        }

        foreach (var item in sequence.Items.Take(limits.MaxListEntries))
        {
            var entry = item as YMapping;
            var name = Fields.String(entry, "name");
            if (name is null)
            {
                problems.Add(Problems.Missing(file, item, "spec.dependsOn[].name"));
                continue;
            }

            var ns = Fields.String(entry, "namespace")?.Value ?? ownNamespace;
            var known = !Fields.HasVariable(name.Value) && !Fields.HasVariable(ns);
            result.Add(new DependencyReference(name.Value, ns, item, known));
        }

        return result;
    }

    public static SourceReference? Source(YMapping? reference, string ownNamespace)
    {
        var kind = Fields.String(reference, "kind");
        var name = Fields.String(reference, "name");
        if (reference is null || kind is null || name is null)
            return null;
        var ns = Fields.String(reference, "namespace")?.Value ?? ownNamespace;
        return new SourceReference(kind.Value, name.Value, ns, reference);
    }
}

internal static class Problems
{
    public static InputProblem Missing(SourceFile file, YNode near, string field) => new(
        file.Path,
        near.Start,
        near.End,
        $"The required field '{field}' is missing, so Flux rejects this object.",
        $"Add '{field}'.");

    public static InputProblem WrongType(SourceFile file, YNode node, string field, string expected) => new(
        file.Path,
        node.Start,
        node.End,
        $"The field '{field}' must be {expected}.",
        $"Change '{field}' to {expected}.");
}
