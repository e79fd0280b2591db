namespace FluxRaceLint.Loading;

/// <summary>
/// Bounds on what one file may cost. A file over a bound gets an FRL000 finding and is skipped, so one
/// hostile file never stalls the run.
/// </summary>
public sealed record ReadLimits
{
    public static readonly ReadLimits Default = new();

    /// <summary>Largest file read, in bytes (8 MiB). Real manifests are far smaller; CRD bundles reach about 3 MiB.</summary>
    public long MaxFileBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences in one document.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Most YAML nodes in one file, aliases included.</summary>
    public int MaxNodes { get; init; } = 2_000_000;

    /// <summary>Most entries of one sequence that rules look at, such as a dependsOn list.</summary>
    public int MaxListEntries { get; init; } = 10_000;
}
