using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>Where the objects a Kustomization applies come from.</summary>
public enum SourceKind
{
    /// <summary>This repository: its build is read from the files.</summary>
    Local,

    /// <summary>Another repository or artifact: its contents are unknown unless the knowledge base names them.</summary>
    External,

    /// <summary>No usable sourceRef: the API server rejects the Kustomization, so it applies nothing.</summary>
    Invalid,
}

/// <summary>
/// A node of the cluster graph that applies objects: a Flux Kustomization, or the implicit root that
/// stands for whatever applies the linted folder when no bootstrap Kustomization is found.
/// </summary>
public sealed class Applier
{
    public Applier(FluxKustomization? kustomization, string display)
    {
        Kustomization = kustomization;
        Display = display;
    }

    /// <summary>The Flux Kustomization; null for the implicit root.</summary>
    public FluxKustomization? Kustomization { get; }

    public bool IsImplicitRoot => Kustomization is null;

    /// <summary>'namespace/name' of the Kustomization, or a description of the implicit root.</summary>
    public string Display { get; }

    public Applier? Parent { get; set; }

    public SourceKind Source { get; set; } = SourceKind.Local;

    /// <summary>The source object when it was found in the repository.</summary>
    public FluxSource? SourceObject { get; set; }

    /// <summary>The resolved spec.path, for local sources.</summary>
    public string? BuildPath { get; set; }

    /// <summary>
    /// True when the Kustomization reads this repository but a postBuild variable makes its path
    /// unknown, so it may apply anything, like a Kustomization of another source.
    /// </summary>
    public bool HasUnknownBuild { get; set; }

    public List<AppliedObject> Objects { get; } = [];

    public List<Applier> Children { get; } = [];

    public List<HelmReleaseNode> HelmReleases { get; } = [];

    public List<CustomResourceDefinition> Definitions { get; } = [];

    /// <summary>Objects of API groups that need a CRD (neither built in nor Flux's own).</summary>
    public List<AppliedObject> CustomResources { get; } = [];

    public List<InputProblem> Problems { get; } = [];

    /// <summary>Resolved dependsOn edges; an entry whose target is unknown is left out.</summary>
    public List<Applier> DependsOn { get; } = [];

    /// <summary>Ready waits for the applied objects' health, not only for the apply.</summary>
    public bool HasReadinessGate => Kustomization?.HasReadinessGate ?? false;

    public bool Covers(HelmReleaseNode release) => Kustomization?.HealthCheckCovers(release.Release.Applied) ?? false;

    /// <summary>Returns whether this applier applies <paramref name="other"/>, directly or through children.</summary>
    public bool IsAncestorOf(Applier other)
    {
        for (var current = other.Parent; current is not null; current = current.Parent)
        {
            if (current == this)
                return true;
        }

        return false;
    }

    public bool CoversKustomization(Applier child) => child.Kustomization is { } applied && (Kustomization?.HealthCheckCovers(applied.Applied) ?? false);

    /// <summary>Names the applier in a sentence: "Kustomization 'ns/name'", or the description of a root without a manifest.</summary>
    public string Describe(bool sentenceStart = false)
    {
        if (Kustomization is not null)
            return $"Kustomization '{Display}'";
        return sentenceStart && Display.Length > 0 ? char.ToUpperInvariant(Display[0]) + Display[1..] : Display;
    }

    public override string ToString() => Display;
}

/// <summary>A HelmRelease in a cluster, with the applier that applies it and its chart facts.</summary>
public sealed class HelmReleaseNode
{
    public HelmReleaseNode(HelmRelease release, Applier appliedBy)
    {
        Release = release;
        AppliedBy = appliedBy;
    }

    public HelmRelease Release { get; }

    public Applier AppliedBy { get; }

    /// <summary>The chart's entry in the knowledge base, or null for a chart it does not know.</summary>
    public Knowledge.ChartInfo? Chart { get; set; }

    /// <summary>Resolved HelmRelease dependsOn edges.</summary>
    public List<HelmReleaseNode> DependsOn { get; } = [];

    public override string ToString() => Release.Display;
}
