using System.Reflection;

namespace FluxRaceLint.Knowledge;

/// <summary>
/// Chart and operator knowledge: which Helm charts provide which CRD groups and admission webhooks, and which
/// upstream Git repository paths contain CRD manifests. <see cref="Default"/> is the copy embedded in the
/// assembly. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class KnowledgeBase
{
    /// <summary>Logical name of the embedded knowledge file.</summary>
    public const string ResourceName = "FluxRaceLint.Knowledge.charts.yaml";

    private static readonly Lazy<KnowledgeBase> DefaultInstance =
        new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    internal KnowledgeBase(IReadOnlyList<ChartInfo> charts, IReadOnlyList<ExternalCrdSource> externalCrdSources)
    {
        Charts = charts;
        ExternalCrdSources = externalCrdSources;
    }

    /// <summary>The embedded knowledge base, parsed on first use.</summary>
    public static KnowledgeBase Default => DefaultInstance.Value;

    public IReadOnlyList<ChartInfo> Charts { get; }

    public IReadOnlyList<ExternalCrdSource> ExternalCrdSources { get; }

    /// <summary>Parses a knowledge base in the schema of the embedded file.</summary>
    /// <param name="sourceName">Name used in error messages, such as a file path.</param>
    /// <exception cref="KnowledgeBaseFormatException">The text is not valid YAML or does not follow the schema.</exception>
    public static KnowledgeBase Parse(TextReader reader, string sourceName = "knowledge base") =>
        KnowledgeBaseParser.Parse(reader, sourceName);

    /// <summary>Parses a node in the schema of the embedded file; positions in errors are those of the node's file.</summary>
    /// <exception cref="KnowledgeBaseFormatException">The node does not follow the schema.</exception>
    public static KnowledgeBase ParseNode(YamlDotNet.RepresentationModel.YamlNode node, string sourceName) =>
        KnowledgeBaseParser.ParseNode(node, sourceName);

    /// <summary>
    /// Finds the chart entry for a HelmRelease's chart. The name must match exactly (Helm chart names are
    /// case-sensitive). When <paramref name="repositoryUrl"/> is given and the entry lists repositories, the
    /// URL must be one of them. An HTTP(S) repository URL, an OCI HelmRepository URL and an OCIRepository URL
    /// that ends in the chart name all match. When the URL is unknown, the name alone decides, except for
    /// entries with <see cref="ChartInfo.RequiresRepositoryMatch"/>. For a chart built from a GitRepository or a
    /// Bucket, pass null, because such a URL is not a chart repository.
    /// </summary>
    public ChartInfo? FindChart(string chartName, string? repositoryUrl)
    {
        var named = Charts.Where(chart => string.Equals(chart.Name, chartName, StringComparison.Ordinal)).ToList();
        if (string.IsNullOrWhiteSpace(repositoryUrl))
        {
            return named.FirstOrDefault(chart => !chart.RequiresRepositoryMatch);
        }

        return named.FirstOrDefault(chart => chart.MatchesRepository(repositoryUrl))
            ?? named.FirstOrDefault(chart => chart.Repositories.Count == 0);
    }

    /// <summary>Returns the chart entries that provide CRDs of <paramref name="group"/>, in file order.</summary>
    public IReadOnlyList<ChartInfo> ChartsOwningGroup(string group) =>
        Charts.Where(chart => chart.OwnsGroup(group)).ToList();

    /// <summary>
    /// Finds the upstream CRD source for a Flux Kustomization that applies <paramref name="path"/> (its
    /// <c>spec.path</c>, possibly starting with <c>./</c>) from the Git repository at <paramref name="gitUrl"/>.
    /// </summary>
    public ExternalCrdSource? FindExternalCrdSource(string gitUrl, string path) =>
        ExternalCrdSources.FirstOrDefault(source => source.MatchesUrl(gitUrl) && source.FindPath(path) is not null);

    /// <summary>
    /// Returns a knowledge base in which <paramref name="additions"/> come first, so they win every lookup.
    /// A chart entry of the additions replaces the entries of the same name that it covers: all of them
    /// when it lists no repositories, else those that share one of its repositories or list none. An
    /// external CRD source replaces the one of the same name.
    /// </summary>
    public KnowledgeBase WithAdditions(KnowledgeBase additions)
    {
        var charts = additions.Charts.ToList();
        charts.AddRange(Charts.Where(chart => !additions.Charts.Any(added => Replaces(added, chart))));
        var sources = additions.ExternalCrdSources.ToList();
        sources.AddRange(ExternalCrdSources.Where(source =>
            !additions.ExternalCrdSources.Any(added => string.Equals(added.Name, source.Name, StringComparison.Ordinal))));
        return new KnowledgeBase(charts, sources);
    }

    private static bool Replaces(ChartInfo added, ChartInfo existing) =>
        string.Equals(added.Name, existing.Name, StringComparison.Ordinal)
        && (added.Repositories.Count == 0 || existing.Repositories.Count == 0
            || added.Repositories.Any(existing.MatchesRepository));

    private static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).GetTypeInfo().Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource '{ResourceName}' is missing from {assembly.GetName().Name}; check the EmbeddedResource item in the project file.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "charts.yaml (embedded)");
    }
}
