using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// One cluster's graph: everything reachable from one root Kustomization through what each
/// Kustomization applies. Names, dependencies and providers resolve within it.
/// </summary>
public sealed class Cluster
{
    private readonly Dictionary<Applier, HashSet<Applier>> _closures = [];

    public Cluster(string name, Applier root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The root's path, such as 'clusters/production', used in messages and verbose output.</summary>
    public string Name { get; }

    public Applier Root { get; }

    public List<Applier> Appliers { get; } = [];

    public List<HelmReleaseNode> HelmReleases { get; } = [];

    public List<FluxSource> Sources { get; } = [];

    /// <summary>ArtifactGenerators, which build ExternalArtifact sources from other sources' files.</summary>
    public List<AppliedObject> ArtifactGenerators { get; } = [];

    /// <summary>API groups whose CRDs exist before Flux starts (helmfile bootstrap, configuration).</summary>
    public Dictionary<string, string> PreinstalledGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>HelmReleases that a helmfile bootstrap installs before Flux starts, webhooks included.</summary>
    public HashSet<HelmReleaseNode> PreinstalledReleases { get; } = [];

    /// <summary>The repository files the graph was built from, for rules that look up paths; null when not given.</summary>
    public Loading.RepositoryFiles? Files { get; internal set; }

    /// <summary>
    /// True when some Kustomization reads another source or a path that a variable makes unknown,
    /// some HelmRelease's chart is unknown, or a helmfile installs an unknown chart: any of them
    /// may provide CRDs the linter cannot see.
    /// </summary>
    public bool HasOpaqueProviders =>
        HasUnknownPreinstalled || Appliers.Any(a => a.Source == SourceKind.External || a.HasUnknownBuild) || HelmReleases.Any(h => h.Chart is null);

    /// <summary>A helmfile release installs a chart the knowledge base does not know.</summary>
    public bool HasUnknownPreinstalled { get; set; }

    private Dictionary<(string, string), Applier>? _kustomizationIndex;
    private Dictionary<(string, string), HelmReleaseNode>? _releaseIndex;
    private Dictionary<Applier, List<Applier>>? _dependents;

    public Applier? FindKustomization(string ns, string name)
    {
        if (_kustomizationIndex is null || _kustomizationIndex.Count > Appliers.Count || _indexedAppliers != Appliers.Count)
        {
            _kustomizationIndex = [];
            foreach (var applier in Appliers)
            {
                if (applier.Kustomization is { } k)
                    _kustomizationIndex.TryAdd((k.Namespace, k.Name), applier);
            }

            _indexedAppliers = Appliers.Count;
        }

        return _kustomizationIndex.GetValueOrDefault((ns, name));
    }

    private int _indexedAppliers = -1;
    private int _indexedReleases = -1;

    public HelmReleaseNode? FindHelmRelease(string ns, string name)
    {
        if (_releaseIndex is null || _indexedReleases != HelmReleases.Count)
        {
            _releaseIndex = [];
            foreach (var release in HelmReleases)
                _releaseIndex.TryAdd((release.Release.Namespace, release.Release.Name), release);
            _indexedReleases = HelmReleases.Count;
        }

        return _releaseIndex.GetValueOrDefault((ns, name));
    }

    /// <summary>The Kustomizations whose dependsOn names <paramref name="applier"/>.</summary>
    public IReadOnlyList<Applier> Dependents(Applier applier)
    {
        if (_dependents is null)
        {
            _dependents = [];
            foreach (var dependent in Appliers)
            {
                foreach (var dependency in dependent.DependsOn)
                {
                    if (!_dependents.TryGetValue(dependency, out var list))
                        _dependents[dependency] = list = [];
                    if (!list.Contains(dependent))
                        list.Add(dependent);
                }
            }
        }

        return _dependents.GetValueOrDefault(applier) ?? [];
    }

    public FluxSource? FindSource(SourceReference reference) =>
        Sources.FirstOrDefault(s => s.Kind == reference.Kind && s.Name == reference.Name && s.Namespace == reference.Namespace);

    /// <summary>
    /// Every Kustomization that must have been Ready before <paramref name="applier"/> applies: its
    /// dependsOn targets and theirs, transitively. The applier itself is not included.
    /// </summary>
    public IReadOnlySet<Applier> DependencyClosure(Applier applier)
    {
        lock (_closures)
        {
            if (_closures.TryGetValue(applier, out var cached))
                return cached;
        }

        var closure = new HashSet<Applier>();
        var pending = new Stack<Applier>(applier.DependsOn);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next == applier || !closure.Add(next))
                continue;
            foreach (var dependency in next.DependsOn)
                pending.Push(dependency);

            // A Kustomization that waits for what it applies is Ready only once the Kustomizations
            // it applies are Ready, and those only once their own dependencies were.
            foreach (var child in next.Children)
            {
                if (next.CoversKustomization(child))
                    pending.Push(child);
            }
        }

        lock (_closures)
            _closures[applier] = closure;
        return closure;
    }

    /// <summary>The HelmReleases that healthChecks entries of <paramref name="applier"/> name, wherever they are applied.</summary>
    private IEnumerable<HelmReleaseNode> HealthCheckedReleases(Applier applier)
    {
        if (applier.Kustomization is not { WaitsForAll: false } kustomization)
            yield break;
        foreach (var check in kustomization.HealthChecks.Where(check => check.Kind == "HelmRelease"))
        {
            // An entry without a namespace is matched by name alone, as HealthCheckCovers does.
            if (check.Namespace is { } ns)
            {
                if (FindHelmRelease(ns, check.Name) is { } release)
                    yield return release;
            }
            else
            {
                foreach (var release in HelmReleases.Where(r => r.Release.Name == check.Name))
                    yield return release;
            }
        }
    }

    /// <summary>HelmReleases that were Ready before <paramref name="release"/> installs, through HelmRelease dependsOn.</summary>
    public static IReadOnlySet<HelmReleaseNode> HelmDependencyClosure(HelmReleaseNode release)
    {
        var closure = new HashSet<HelmReleaseNode>();
        var pending = new Stack<HelmReleaseNode>(release.DependsOn);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next == release || !closure.Add(next))
                continue;
            foreach (var dependency in next.DependsOn)
                pending.Push(dependency);
        }

        return closure;
    }

    /// <summary>
    /// The HelmReleases known to be Ready when <paramref name="applier"/> applies: those covered by
    /// the readiness gate of a Kustomization in its dependency closure, also when another Kustomization
    /// applies them, and the HelmReleases these depend on in turn.
    /// </summary>
    public IReadOnlySet<HelmReleaseNode> ReadyHelmReleases(Applier applier)
    {
        var ready = new HashSet<HelmReleaseNode>();
        foreach (var dependency in DependencyClosure(applier))
        {
            foreach (var release in dependency.HelmReleases.Concat(HealthCheckedReleases(dependency)))
            {
                if (!dependency.Covers(release))
                    continue;
                if (ready.Add(release))
                    ready.UnionWith(HelmDependencyClosure(release));
            }
        }

        return ready;
    }
}
