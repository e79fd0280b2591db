namespace FluxRaceLint.Model;

/// <summary>
/// An object as one Flux Kustomization applies it: the document, with the name and namespace that
/// the kustomize build and the Kustomization's targetNamespace give it. The same document applied
/// by two Kustomizations is two applied objects.
/// </summary>
public sealed record AppliedObject(KubeObject Object, string? Name, string? Namespace)
{
    /// <summary>True when kustomize <c>labels</c> or <c>commonLabels</c> of the build may add labels that the object does not show.</summary>
    public bool HasUnappliedLabels { get; init; }

    public string Group => Object.Group;

    public string Kind => Object.Kind;

    public string Display => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
