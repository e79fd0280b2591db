using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>Where findings point, and the shared wording of the objects they name.</summary>
internal static class Anchors
{
    /// <summary>The key of a mapping entry, or the mapping itself when the key is absent.</summary>
    public static SourceSpan Key(KubeObject obj, YMapping? mapping, string key)
    {
        if (mapping?.Find(key) is { } entry)
            return Spans.Of(obj.File, entry.Key);
        return mapping is null ? obj.Anchor : Spans.Of(obj.File, mapping);
    }

    public static SourceSpan Name(KubeObject obj) => Key(obj, obj.Metadata, "name");

    /// <summary>spec.dependsOn of a Kustomization, or its metadata.name when it has none.</summary>
    public static SourceSpan DependsOnOrName(FluxKustomization kustomization) =>
        kustomization.Object.Spec?.Find("dependsOn") is { } entry
            ? Spans.Of(kustomization.Object.File, entry.Key)
            : Name(kustomization.Object);

    public static SourceSpan Interval(FluxKustomization kustomization) => Key(kustomization.Object, kustomization.Object.Spec, "interval");

    public static RelatedLocation Related(AppliedObject obj, string message) => new(obj.Object.Anchor, message);

    public static RelatedLocation Related(KubeObject obj, string message) => new(Name(obj), message);

    /// <summary>Names a few objects and counts the rest, so a long list stays one readable line.</summary>
    public static string List(IEnumerable<string> items, int shown = 3)
    {
        var all = items.Distinct(StringComparer.Ordinal).ToList();
        if (all.Count <= shown)
            return JoinQuoted(all);
        return $"{JoinQuoted(all.Take(shown))} and {all.Count - shown} more";
    }

    public static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";

    private static string JoinQuoted(IEnumerable<string> items)
    {
        var quoted = items.Select(item => $"'{item}'").ToList();
        return quoted.Count switch
        {
            0 => "",
            1 => quoted[0],
            2 => $"{quoted[0]} and {quoted[1]}",
            _ => string.Join(", ", quoted.Take(quoted.Count - 1)) + ", and " + quoted[^1],
        };
    }

    /// <summary>A dependsOn entry as the user writes it, with the namespace only when it differs.</summary>
    public static string DependsOnEntry(Applier target, string dependentNamespace)
    {
        var kustomization = target.Kustomization!;
        return kustomization.Namespace == dependentNamespace
            ? $"{{name: {kustomization.Name}}}"
            : $"{{name: {kustomization.Name}, namespace: {kustomization.Namespace}}}";
    }

    /// <summary>Returns whether <paramref name="ancestor"/> applies <paramref name="applier"/>, directly or through children.</summary>
    public static bool IsAncestor(Applier ancestor, Applier applier) => ancestor.IsAncestorOf(applier);

    public static Finding Create(RuleDescriptor rule, Severity level, SourceSpan location, string message, string help, IReadOnlyList<RelatedLocation> related, string subject) =>
        new(rule, level, location, message, help, [.. related.Distinct()], subject);
}
