namespace FluxRaceLint.Model;

/// <summary>A source-controller object: GitRepository, OCIRepository, HelmRepository, Bucket or ExternalArtifact.</summary>
public sealed class FluxSource
{
    public FluxSource(AppliedObject applied)
    {
        Applied = applied;
        Kind = applied.Kind;
        Name = applied.Name ?? "";
        Namespace = applied.Namespace ?? "default";
        Url = Fields.String(applied.Object.Spec, "url")?.Value;
        IsOciHelmRepository = Kind == "HelmRepository" && Fields.String(applied.Object.Spec, "type")?.Value == "oci";
    }

    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "GitRepository", "OCIRepository", "HelmRepository", "Bucket", "HelmChart", "ExternalArtifact",
    };

    public AppliedObject Applied { get; }

    public string Kind { get; }

    public string Name { get; }

    public string Namespace { get; }

    public string? Url { get; }

    public bool IsOciHelmRepository { get; }

    public string Display => $"{Kind}/{Namespace}/{Name}";
}
