using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>A Kubernetes object as written in one YAML document: a mapping with apiVersion and kind.</summary>
public sealed class KubeObject
{
    /// <summary>Returns the same document with another root, such as the result of a patch.</summary>
    public KubeObject WithRoot(YMapping root) => new(Document, root, ApiVersion, Kind) { IsPatched = true, Generated = Generated };

    /// <summary>True when a patch of a Kustomization changed the object as written.</summary>
    public bool IsPatched { get; private init; }

    /// <summary>How kustomize names the object, for a ConfigMap or Secret that a generator creates; null otherwise.</summary>
    public GeneratedName? Generated { get; private init; }

    /// <summary>Returns the object of a document that a kustomize generator creates, which no file contains.</summary>
    public static KubeObject FromGenerator(YDocument document, GeneratedName name)
    {
        var root = (YMapping)document.Root!;
        return new KubeObject(document, root, ((YScalar)root.Get("apiVersion")!).Value, ((YScalar)root.Get("kind")!).Value) { Generated = name };
    }

    private KubeObject(YDocument document, YMapping root, string apiVersion, string kind)
    {
        Document = document;
        Root = root;
        ApiVersion = apiVersion;
        (Group, Version) = ApiGroups.Split(apiVersion);
        Kind = kind;
        Metadata = root.Get("metadata") as YMapping;
        Spec = root.Get("spec") as YMapping;
        Name = (Metadata?.Get("name") as YScalar)?.Value;
        Namespace = (Metadata?.Get("namespace") as YScalar)?.Value;
        if (Namespace is "")
            Namespace = null;
    }

    public YDocument Document { get; }

    public SourceFile File => Document.File;

    public YMapping Root { get; }

    public string ApiVersion { get; }

    public string Group { get; }

    public string Version { get; }

    public string Kind { get; }

    public string? Name { get; }

    /// <summary>metadata.namespace as written, before any kustomize or Flux namespace transform.</summary>
    public string? Namespace { get; }

    public YMapping? Metadata { get; }

    public YMapping? Spec { get; }

    /// <summary>The span of the document's first key, where a finding about the whole object points.</summary>
    public SourceSpan Anchor => Spans.Of(File, Root.Entries.Count > 0 ? Root.Entries[0].Key : Root);

    public bool IsCustomResourceDefinition => Group == "apiextensions.k8s.io" && Kind == "CustomResourceDefinition";

    /// <summary>True for kustomize build files (Kustomization, Component), which are never applied.</summary>
    public bool IsKustomizeConfig => Group == ApiGroups.KustomizeConfig;

    public string? Annotation(string key) => ((Metadata?.Get("annotations") as YMapping)?.Get(key) as YScalar)?.Value;

    public string? Label(string key) => ((Metadata?.Get("labels") as YMapping)?.Get(key) as YScalar)?.Value;

    /// <summary>Returns the object in a document, or null with the reason there is none.</summary>
    public static KubeObject? FromDocument(YDocument document, out string? skipReason)
    {
        skipReason = null;
        if (document.Root is not YMapping root)
        {
            skipReason = document.Root is null ? "it is empty" : "it is not a mapping";
            return null;
        }

        var apiVersion = root.Get("apiVersion") as YScalar;
        var kind = root.Get("kind") as YScalar;
        if (apiVersion is null || kind is null || apiVersion.Value.Length == 0 || kind.Value.Length == 0)
        {
            skipReason = "it has no apiVersion and kind";
            return null;
        }

        return new KubeObject(document, root, apiVersion.Value, kind.Value);
    }

    public override string ToString() => $"{Kind}/{Namespace}/{Name} ({File.Path})";
}

/// <summary>
/// How kustomize names a generated ConfigMap or Secret.
/// </summary>
/// <param name="HasHashSuffix">kustomize appends a hash of the content to the name, as it does unless disableNameSuffixHash is set.</param>
/// <param name="RewritesValuesFrom">
/// A nameReference configuration of the generating kustomization rewrites HelmRelease spec.valuesFrom
/// names, so references in the same build follow the generated name.
/// </param>
/// <param name="UnreadKeys">Why each data key whose value is <c>UnknownValue.Data</c> is unknown, such as a file the linter could not read.</param>
public sealed record GeneratedName(bool HasHashSuffix, bool RewritesValuesFrom, IReadOnlyDictionary<string, string> UnreadKeys);

public static class Spans
{
    public static SourceSpan Of(SourceFile file, YNode node) =>
        new((node.Origin ?? file).Path, node.Start.Line, node.Start.Column, node.End.Line, node.End.Column);

    public static SourceSpan Of(string path, Position start, Position end) =>
        new(path, start.Line, start.Column, end.Line, end.Column);
}
