using FluxRaceLint.Build;
using FluxRaceLint.Configuration;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// Finds the clusters of a repository and builds each one's graph the way kustomize-controller
/// walks it: from a root Kustomization, through every Kustomization that an applied build contains.
/// </summary>
public sealed class ClusterBuilder
{
    private readonly RepositoryFiles _files;
    private readonly KustomizeBuilder _builder;
    private readonly KnowledgeBase _knowledge;
    private readonly IReadOnlyList<ConfiguredPath> _configuredClusters;
    private readonly IReadOnlyList<ConfiguredSource> _configuredSources;
    private readonly RunLog _log;
    private readonly string? _originUrl;
    private readonly Dictionary<Applier, IReadOnlyList<VariableSource>> _variableSources = [];
    private SubstituteFromResolver? _substituteFrom;

    public ClusterBuilder(
        RepositoryFiles files,
        KustomizeBuilder builder,
        KnowledgeBase knowledge,
        RunLog log,
        string? originUrl,
        IReadOnlyList<ConfiguredPath>? clusters = null,
        IReadOnlyList<ConfiguredSource>? sources = null)
    {
        _configuredClusters = clusters ?? [];
        _configuredSources = sources ?? [];
        _files = files;
        _builder = builder;
        _knowledge = knowledge;
        _log = log;
        _originUrl = originUrl is null ? null : NormalizeGitUrl(originUrl);
    }

    /// <summary>Objects of the linted folder, read once; the clusters are built from them.</summary>
    public IReadOnlyList<KubeObject> ObjectsUnderPath { get; private set; } = [];

    public List<Cluster> BuildClusters(string lintPath, IReadOnlyList<KubeObject> objectsUnderPath, IReadOnlyList<HelmfileRelease> preinstalled)
    {
        ObjectsUnderPath = objectsUnderPath;
        _substituteFrom = new SubstituteFromResolver(_files, objectsUnderPath, _log, DescribeHiddenApplier);
        var candidates = objectsUnderPath.Where(IsFluxKustomization).ToList();
        var clusters = new List<Cluster>();
        var bootstrapRoots = candidates.Where(IsSelfApplying).ToList();

        if (_configuredClusters.Count > 0)
        {
            // The configuration names the clusters, so nothing is discovered. A bootstrap
            // Kustomization that applies the named folder still supplies the root's settings.
            foreach (var configured in _configuredClusters)
            {
                var rootObject = bootstrapRoots.FirstOrDefault(r => RootPath(r) == configured.Path);
                clusters.Add(rootObject is null ? BuildFolderCluster(configured.Path, "named under 'clusters' in the configuration") : BuildBootstrapCluster(rootObject));
            }
        }
        else
        {
            clusters.AddRange(bootstrapRoots.Select(BuildBootstrapCluster));
            if (clusters.Count == 0)
            {
                foreach (var (folder, reason) in FluxInstanceFolders(objectsUnderPath))
                {
                    var cluster = BuildFolderCluster(folder, reason);

                    // The Flux Operator serves the FluxInstance API before it creates this cluster's root.
                    cluster.PreinstalledGroups.TryAdd(FluxOperatorGroup, "the Flux Operator, which syncs this cluster");
                    clusters.Add(cluster);
                }
            }

            if (clusters.Count == 0)
            {
                foreach (var folder in BootstrapFolders(lintPath))
                    clusters.Add(BuildFolderCluster(folder, "its flux-system folder has no sync Kustomization"));
            }

            if (clusters.Count == 0)
            {
                foreach (var folder in ConventionalClusterFolders(candidates))
                    clusters.Add(BuildFolderCluster(folder, "it is a folder under 'clusters' with Flux Kustomizations and no bootstrap files (name the clusters under 'clusters' in the configuration if this is wrong)"));
            }
        }

        if (clusters.Count == 0)
        {
            var cluster = BuildImplicitCluster(lintPath, objectsUnderPath, candidates);
            clusters.Add(cluster);
            _log.Summary($"cluster '{cluster.Name}': no bootstrap Kustomization applies its own folder, so the objects of '{cluster.Name}' that no Kustomization applies form the root; {Count(cluster.Appliers.Count(a => a.Kustomization is not null), "Kustomization")}, {Count(cluster.HelmReleases.Count, "HelmRelease")}");
        }
        else
        {
            ReportUnapplied(clusters, objectsUnderPath);
        }

        foreach (var cluster in clusters)
        {
            cluster.Files = _files;
            MarkPreinstalled(cluster, preinstalled);
            ResolveDependencies(cluster);
            ReportExternalSources(cluster);
            ValuesFromResolver.Resolve(cluster, _files.Limits, _log);
        }

        return clusters;
    }

    /// <summary>Logs, once per source, each source that is not this repository, whose Kustomizations stay opaque.</summary>
    private void ReportExternalSources(Cluster cluster)
    {
        foreach (var group in cluster.Appliers
            .Where(a => a is { Source: SourceKind.External, Kustomization.SourceRef: not null })
            .GroupBy(a => $"{a.Kustomization!.SourceRef!.Kind}/{a.Kustomization.SourceRef.Namespace}/{a.Kustomization.SourceRef.Name}", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var url = group.First().SourceObject?.Url is { } known ? $" ({known})" : " (not in the repository)";
            var names = string.Join(", ", group.Select(a => $"'{a.Display}'"));
            var subject = group.Count() == 1 ? $"Kustomization {names} applies" : $"Kustomizations {names} apply";
            _log.Note($"not analysed: source {group.Key}{url} is not this repository. What {subject} is unknown, so no CRD is reported missing that it could provide. If the source publishes a folder of this repository, list its URL under 'sources' in {ConfigurationParser.FileName}.");
        }
    }

    private static string RootPath(KubeObject rootObject)
    {
        var path = Fields.String(rootObject.Spec, "path")?.Value;
        var joined = path is null ? "" : RepositoryFiles.Join("", path) ?? path;
        return joined.Length == 0 ? "." : joined;
    }

    private Cluster BuildBootstrapCluster(KubeObject rootObject)
    {
        var applied = new AppliedObject(rootObject, rootObject.Name, rootObject.Namespace ?? "flux-system");
        var kustomization = new FluxKustomization(applied, _files.Limits);
        var root = new Applier(kustomization, kustomization.Display);
        var cluster = new Cluster(RootPath(rootObject), root);
        Expand(cluster, root);
        _log.Summary($"cluster '{cluster.Name}': root Kustomization '{root.Display}' ({rootObject.File.Path}), {Count(cluster.Appliers.Count(a => a.Kustomization is not null), "Kustomization")}, {Count(cluster.HelmReleases.Count, "HelmRelease")}");
        return cluster;
    }

    /// <summary>A cluster whose root is a Kustomization, not in the repository, that applies <paramref name="folder"/>.</summary>
    private Cluster BuildFolderCluster(string folder, string reason)
    {
        var name = folder.Length == 0 ? "." : folder;
        var root = new Applier(null, $"the bootstrap Kustomization of '{name}'") { BuildPath = folder };
        var cluster = new Cluster(name, root);
        AddBuild(cluster, root, folder);
        Expand(cluster, root);
        _log.Summary($"cluster '{name}': {reason}, so one that applies '{name}' is assumed; {Count(cluster.Appliers.Count(a => a.Kustomization is not null), "Kustomization")}, {Count(cluster.HelmReleases.Count, "HelmRelease")}");
        return cluster;
    }

    private const string FluxOperatorGroup = "fluxcd.controlplane.io";

    /// <summary>
    /// Tells whether a HelmRelease installs the flux-instance chart, named in spec.chart or through a
    /// spec.chartRef to an OCIRepository whose URL ends in the chart name.
    /// </summary>
    private static bool IsFluxInstanceChart(KubeObject release, IReadOnlyList<KubeObject> objects)
    {
        if (Fields.String(Fields.Mapping(Fields.Mapping(release.Spec, "chart"), "spec"), "chart")?.Value == "flux-instance")
            return true;
        var chartRef = Fields.Mapping(release.Spec, "chartRef");
        if (Fields.String(chartRef, "kind")?.Value != "OCIRepository" || Fields.String(chartRef, "name")?.Value is not { } name)
            return false;
        var ns = Fields.String(chartRef, "namespace")?.Value ?? release.Namespace;
        return objects.Any(o => o.Group == ApiGroups.SourceToolkit && o.Kind == "OCIRepository" && o.Name == name
            && (o.Namespace is null || ns is null || o.Namespace == ns)
            && Fields.String(o.Spec, "url")?.Value is { } url && url.TrimEnd('/').EndsWith("/flux-instance", StringComparison.Ordinal));
    }

    /// <summary>
    /// The 'clusters/NAME' folders, by the layout 'flux bootstrap' uses, that hold Flux Kustomizations
    /// when the repository has no bootstrap files at all. Each is taken as the root of one cluster,
    /// because building them together would mix the clusters' Kustomizations into one graph.
    /// </summary>
    private static List<string> ConventionalClusterFolders(List<KubeObject> kustomizations)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var kustomization in kustomizations)
        {
            var segments = kustomization.File.Path.Split('/');
            var index = Array.IndexOf(segments, "clusters");
            if (index >= 0 && index + 2 < segments.Length)
                folders.Add(string.Join('/', segments.Take(index + 2)));
        }

        return [.. folders];
    }

    /// <summary>
    /// Folders that a Flux Operator FluxInstance syncs (spec.sync.path), whether the FluxInstance is
    /// applied as it is or through the values of the flux-instance chart (instance.sync.path). The
    /// operator creates the root Kustomization itself, so the repository has no manifest of it.
    /// </summary>
    private List<(string Folder, string Reason)> FluxInstanceFolders(IReadOnlyList<KubeObject> objects)
    {
        var folders = new List<(string, string)>();
        foreach (var obj in objects)
        {
            YMapping? sync = null;
            string? what = null;
            if (obj.Group == FluxOperatorGroup && obj.Kind == "FluxInstance")
            {
                sync = Fields.Mapping(obj.Spec, "sync");
                what = $"FluxInstance '{obj.Namespace ?? "flux-system"}/{obj.Name}'";
            }
            else if (obj.Group == ApiGroups.HelmToolkit && obj.Kind == "HelmRelease" && IsFluxInstanceChart(obj, objects))
            {
                sync = Fields.Mapping(Fields.Mapping(Fields.Mapping(obj.Spec, "values"), "instance"), "sync");
                what = $"the flux-instance HelmRelease '{obj.Namespace ?? "flux-system"}/{obj.Name}'";
            }

            var path = Fields.String(sync, "path")?.Value;
            if (path is null)
                continue;
            if (Fields.HasVariable(path))
            {
                _log.Note($"{what} ({obj.File.Path}) syncs the path '{path}', whose variable the linter cannot resolve, so it gives no cluster root");
                continue;
            }

            // A sync of another Git repository tells nothing about the folders of this one, and an
            // OCI artifact or a bucket contains this repository's files only where 'sources' maps it.
            var url = Fields.String(sync, "url")?.Value;
            var kind = Fields.String(sync, "kind")?.Value ?? "GitRepository";
            var published = url is null ? null : _configuredSources.FirstOrDefault(source => SameSourceUrl(source.Url, url))?.Path;
            if (kind == "GitRepository" && published is null && url is not null && _originUrl is not null && NormalizeGitUrl(url) != _originUrl)
                continue;
            if (kind != "GitRepository" && published is null)
            {
                _log.Note($"not a cluster root: {what} ({obj.File.Path}) syncs {kind} '{url}', which is not known to hold this repository; list it under 'sources' in {ConfigurationParser.FileName} if it does");
                continue;
            }

            var folder = RepositoryFiles.Join(published ?? "", path);
            if (folder is null || _files.GetKind(folder) != EntryKind.Directory)
            {
                _log.Note($"{what} ({obj.File.Path}) syncs the path '{path}', which is not a folder of this repository, so it gives no cluster root");
                continue;
            }

            if (folders.Any(f => f.Item1 == folder))
                continue;
            folders.Add((folder, $"{what} ({obj.File.Path}) syncs it"));
        }

        folders.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return folders;
    }

    /// <summary>
    /// Folders that 'flux bootstrap' set up: they hold a flux-system folder with gotk-components.yaml
    /// or gotk-sync.yaml. When the sync manifest is not committed, the folder is still what the
    /// cluster's root Kustomization applies.
    /// </summary>
    private List<string> BootstrapFolders(string lintPath)
    {
        var folders = new List<string>();
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((lintPath, 0));
        while (pending.Count > 0)
        {
            var (directory, depth) = pending.Pop();
            var listing = _files.List(directory);
            if (listing.Directories.Contains("flux-system"))
            {
                var files = _files.List(RepositoryFiles.Combine(directory, "flux-system")).Files;
                if (files.Contains("gotk-components.yaml") || files.Contains("gotk-sync.yaml"))
                {
                    folders.Add(directory);
                    continue;
                }
            }

            if (depth < 4)
            {
                foreach (var child in listing.Directories)
                    pending.Push((RepositoryFiles.Combine(directory, child), depth + 1));
            }
        }

        folders.Sort(StringComparer.Ordinal);
        return folders;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static bool IsFluxKustomization(KubeObject obj) => obj.Group == ApiGroups.KustomizeToolkit && obj.Kind == "Kustomization";

    /// <summary>
    /// A bootstrap Kustomization (such as flux-system with path ./clusters/production) applies the
    /// folder that contains its own manifest, which makes it a cluster's root.
    /// </summary>
    private bool IsSelfApplying(KubeObject obj)
    {
        var sourceRef = Fields.Mapping(obj.Spec, "sourceRef");
        if (Fields.String(sourceRef, "kind")?.Value != "GitRepository")
            return false;
        if (Fields.String(sourceRef, "name")?.Value != "flux-system" && !IsOriginSource(Fields.String(sourceRef, "name")?.Value, objectsHint: ObjectsUnderPath))
            return false;
        var path = RepositoryFiles.Join("", Fields.String(obj.Spec, "path")?.Value ?? "");
        if (path is null || _files.GetKind(path) != EntryKind.Directory)
            return false;
        return _builder.Build(path).Objects.Any(built => built.Object.Document == obj.Document);
    }

    private bool IsOriginSource(string? name, IReadOnlyList<KubeObject> objectsHint)
    {
        if (name is null || _originUrl is null)
            return false;
        return objectsHint.Any(o => o.Group == ApiGroups.SourceToolkit && o.Kind == "GitRepository" && o.Name == name
            && Fields.String(o.Spec, "url")?.Value is { } url && NormalizeGitUrl(url) == _originUrl);
    }

    private Cluster BuildImplicitCluster(string lintPath, IReadOnlyList<KubeObject> objectsUnderPath, List<KubeObject> candidates)
    {
        // Whatever some Kustomization of the folder applies is not applied by the implicit root.
        var covered = new HashSet<YDocument>();
        var probe = new Cluster("probe", new Applier(null, "probe"));
        var probed = new HashSet<YDocument>();
        foreach (var candidate in candidates)
        {
            // A candidate that an earlier one already reached adds nothing new; skipping it keeps
            // a deep chain of Kustomizations linear.
            if (!probed.Add(candidate.Document) || covered.Contains(candidate.Document))
                continue;
            var applied = new AppliedObject(candidate, candidate.Name, candidate.Namespace ?? "flux-system");
            var applier = new Applier(new FluxKustomization(applied, _files.Limits), "probe");
            var before = probe.Appliers.Count;
            probe.Appliers.Add(applier);
            Expand(probe, applier, markOnly: true);
            for (var i = before; i < probe.Appliers.Count; i++)
            {
                foreach (var obj in probe.Appliers[i].Objects)
                {
                    if (probe.Appliers[i].Kustomization?.Object.Document != obj.Object.Document)
                        covered.Add(obj.Object.Document);
                }
            }
        }


        var name = lintPath.Length == 0 ? "." : lintPath;
        var root = new Applier(null, $"the root of cluster '{name}' (the objects that no Kustomization applies)");
        var cluster = new Cluster(name, root);
        foreach (var obj in objectsUnderPath)
        {
            if (covered.Contains(obj.Document) || obj.IsKustomizeConfig || IsInsideComponent(obj.File.Path, lintPath))
                continue;
            // Flux objects outside any build land in Flux's own namespace, as bootstrap puts them.
            var ns = obj.Namespace ?? (ApiGroups.IsFlux(obj.Group) ? "flux-system" : null);
            root.Objects.Add(new AppliedObject(obj, obj.Name, ns));
        }

        Expand(cluster, root);
        return cluster;
    }

    private bool IsInsideComponent(string filePath, string lintPath)
    {
        var directory = RepositoryFiles.Parent(filePath);
        while (true)
        {
            if (_builder.IsComponent(directory))
                return true;
            if (directory.Length == 0 || directory == lintPath)
                return false;
            directory = RepositoryFiles.Parent(directory);
        }
    }

    private void ReportUnapplied(List<Cluster> clusters, IReadOnlyList<KubeObject> objectsUnderPath)
    {
        var applied = new HashSet<YDocument>();
        foreach (var applier in clusters.SelectMany(c => c.Appliers))
        {
            if (applier.Kustomization is { } kustomization)
                applied.Add(kustomization.Object.Document);
            foreach (var obj in applier.Objects)
                applied.Add(obj.Object.Document);
        }

        foreach (var obj in objectsUnderPath)
        {
            if (!applied.Contains(obj.Document) && !obj.IsKustomizeConfig)
                _log.Note($"not checked: '{obj.File.Path}' ({obj.Kind} '{obj.Name}') is applied by no Kustomization of any cluster");
        }
    }

    /// <summary>Walks from <paramref name="root"/> through every Kustomization that the builds apply.</summary>
    private void Expand(Cluster cluster, Applier root, bool markOnly = false)
    {
        if (cluster.Appliers.Count == 0 || cluster.Appliers[^1] != root)
            cluster.Appliers.Add(root);
        var seen = new HashSet<(YDocument, string?, string?)>();
        if (root.Kustomization is { } rootKustomization)
            seen.Add((rootKustomization.Object.Document, rootKustomization.Namespace, rootKustomization.Name));

        var pending = new Queue<Applier>();
        pending.Enqueue(root);
        var deferred = new List<Applier>();
        var waiting = new WaitingAppliers();
        while (true)
        {
            while (pending.Count > 0)
            {
                var applier = pending.Dequeue();
                if (applier.Kustomization is not null && ResolveVariables(cluster, applier, final: false, quiet: markOnly) is { } missing)
                {
                    waiting.Add(applier, missing, _substituteFrom!.MayStillAppear(cluster, applier));
                    continue;
                }

                if (applier.Kustomization is not null && !ResolveBuild(cluster, applier))
                {
                    if (applier.Source == SourceKind.External)
                        deferred.Add(applier);
                    continue;
                }

                Classify(cluster, applier, seen, pending, markOnly);
                foreach (var key in _substituteFrom!.Index(cluster, applier))
                    waiting.Wake(key);
            }

            // A source found later in the walk can show that a Kustomization deferred as external
            // reads this repository after all.
            var nowLocal = deferred.Where(a => LocalPath(cluster, a.Kustomization!) is not null).ToList();
            foreach (var applier in nowLocal)
            {
                deferred.Remove(applier);
                pending.Enqueue(applier);
            }

            if (nowLocal.Count > 0)
                continue;

            // A Kustomization whose substituteFrom objects are applied elsewhere waits until the walk
            // has built the rest, and is checked again once an object it misses is applied.
            var ready = waiting.TakeWoken();
            if (ready.Count == 0)
            {
                // Nothing woke, so the walk builds with what is known. The Kustomizations that nothing
                // in the repository can unblock get the same variables now as later, so all of them
                // go at once. Otherwise only the first goes, since its build may apply what the others need.
                ready = waiting.TakeHopeless();
                if (ready.Count == 0 && waiting.TakeFirst() is { } first)
                    ready.Add(first);
                foreach (var applier in ready)
                    ResolveVariables(cluster, applier, final: true, quiet: markOnly);
            }

            if (ready.Count == 0)
                break;
            foreach (var applier in ready)
                pending.Enqueue(applier);
        }
    }

    /// <summary>
    /// Reads the substituteFrom objects of a Kustomization whose build is in this repository.
    /// Returns the first one that no Kustomization built so far applies when <paramref name="final"/>
    /// is false, and null once the variables are read. <paramref name="quiet"/> keeps what was read
    /// out of the verbose output.
    /// </summary>
    private SubstituteFromResolver.ObjectKey? ResolveVariables(Cluster cluster, Applier applier, bool final, bool quiet)
    {
        var spec = applier.Kustomization!.Object.Spec;
        if (_variableSources.ContainsKey(applier) || Substitution.SourceCount(spec) == 0 || LocalPath(cluster, applier.Kustomization) is null)
            return null;
        if (_substituteFrom!.Resolve(cluster, applier, final, quiet, out var missing) is not { } sources)
            return missing;
        _variableSources[applier] = sources;
        return null;
    }

    /// <summary>
    /// Describes an applier of the cluster that may apply objects the linter cannot see: a
    /// Kustomization of another source or of an unknown path, or a HelmRelease of a chart the
    /// knowledge base does not know. Returns null when there is none. During the walk it considers only
    /// the appliers found so far.
    /// </summary>
    private string? DescribeHiddenApplier(Cluster cluster)
    {
        foreach (var applier in cluster.Appliers)
        {
            if (applier.Source == SourceKind.External)
                return $"Kustomization '{applier.Display}' applies objects of another source";
            if (applier.HasUnknownBuild)
                return $"Kustomization '{applier.Display}' applies a path the linter cannot resolve";
        }

        foreach (var release in cluster.HelmReleases)
        {
            if ((release.Chart ?? MatchChart(cluster, release.Release)) is null)
                return $"HelmRelease '{release.Release.Display}' installs a chart the knowledge base does not know";
        }

        return null;
    }

    /// <summary>Fills the applier's objects from its build; returns false when the source is not this repository.</summary>
    private bool ResolveBuild(Cluster cluster, Applier applier)
    {
        var kustomization = applier.Kustomization!;
        if (kustomization.SourceRef is null)
        {
            applier.Source = SourceKind.Invalid;
            return true;
        }

        var local = LocalPath(cluster, kustomization);
        if (local is null)
        {
            applier.Source = SourceKind.External;
            if (kustomization.SourceRef is { } reference)
                applier.SourceObject = cluster.FindSource(reference);
            return false;
        }

        applier.Source = SourceKind.Local;
        if (local.Path is not { } path)
        {
            _log.Note($"not built: Kustomization '{kustomization.Display}' has a path that is unknown or leaves the repository");
            applier.HasUnknownBuild = Fields.HasVariable(kustomization.Path?.Value ?? "");
            return true;
        }

        applier.BuildPath = path;
        if (_files.GetKind(path) != EntryKind.Directory)
        {
            _log.Note($"not built: the path '{path}' of Kustomization '{kustomization.Display}' is not a folder of this repository");
            return true;
        }

        AddBuild(cluster, applier, path);
        return true;
    }

    private void AddBuild(Cluster cluster, Applier applier, string path)
    {
        var kustomization = applier.Kustomization;
        var output = _builder.BuildKeepingLocalConfig(path);
        applier.Problems.AddRange(output.Problems);
        var builtObjects = new List<BuiltObject>(output.Objects);

        // spec.components are kustomize Components whose paths are relative to spec.path.
        var componentReplacements = new List<Replacement>();
        foreach (var component in Fields.Sequence(kustomization?.Object.Spec, "components")?.Items.OfType<YScalar>() ?? [])
        {
            var componentPath = RepositoryFiles.Join(path, component.Value);
            if (componentPath is null || Fields.HasVariable(component.Value) || _files.GetKind(componentPath) != EntryKind.Directory)
            {
                applier.Problems.Add(new InputProblem(
                    kustomization!.Object.File.Path,
                    component.Start,
                    component.End,
                    $"The component '{component.Value}' is not a folder of this repository, so kustomize-controller fails to build '{kustomization.Display}'.",
                    "Fix the path; components are relative to spec.path."));
                continue;
            }

            var componentOutput = _builder.BuildKeepingLocalConfig(componentPath);
            applier.Problems.AddRange(componentOutput.Problems);
            builtObjects.AddRange(componentOutput.Objects);
            componentReplacements.AddRange(componentOutput.ComponentReplacements);
        }

        if (componentReplacements.Count > 0)
            Replacements.Apply(builtObjects, componentReplacements, _log);

        // Flux adds spec.components to the kustomization it builds, so objects marked as local
        // configuration are dropped only after the components' replacements.
        builtObjects.RemoveAll(KustomizeBuilder.IsLocalConfig);
        var substitution = Substitution.From(kustomization?.Object.Spec, _variableSources.GetValueOrDefault(applier));

        // Flux merges spec.patches (and the v1beta2 patchesStrategicMerge and patchesJson6902)
        // into the kustomization it builds, so they apply to every object of the build.
        var patches = new List<Patch>();
        if (kustomization is not null)
        {
            var spec = kustomization.Object.Spec;
            patches.AddRange(Patches.Read(kustomization.Object.File, Fields.Sequence(spec, "patches"), _ => null, applier.Problems, _files.Limits));
            patches.AddRange(Patches.ReadStrategicMerge(kustomization.Object.File, Fields.Sequence(spec, "patchesStrategicMerge"), _ => null, applier.Problems, _files.Limits));
            patches.AddRange(Patches.Read(kustomization.Object.File, Fields.Sequence(spec, "patchesJson6902"), _ => null, applier.Problems, _files.Limits));
        }

        var targetNamespace = kustomization?.TargetNamespace is { } target && !Fields.HasVariable(target.Value) ? target.Value : null;
        var ownNamespace = kustomization?.Namespace ?? "flux-system";
        foreach (var built in builtObjects)
        {
            if (applier == cluster.Root && kustomization is not null && built.Object.Document == kustomization.Object.Document)
                continue;
            var ns = built.Namespace;
            if (targetNamespace is not null && !ApiGroups.IsClusterScoped(built.Object.Group, built.Object.Kind))
                ns = targetNamespace;
            // kustomize-controller rejects a namespaced object without a namespace; for Flux objects,
            // whose references default to their own namespace, the Kustomization's is the best guess.
            if (ns is null && ApiGroups.IsFlux(built.Object.Group))
                ns = ownNamespace;
            var obj = patches.Count > 0 ? Patches.Apply(built.Object, built.Name, built.Namespace, patches) : built.Object;
            var name = built.Name;
            if (substitution is not null)
            {
                obj = substitution.Apply(obj);
                name = name is null ? null : substitution.Replace(name);
                ns = ns is null ? null : substitution.Replace(ns);
            }

            applier.Objects.Add(new AppliedObject(obj, name, ns) { HasUnappliedLabels = built.HasUnappliedLabels });
        }
    }

    /// <summary>Where a Kustomization's path is in this repository; null when its source is another repository.</summary>
    private sealed record LocalPathResult(string? Path);

    private LocalPathResult? LocalPath(Cluster cluster, FluxKustomization kustomization)
    {
        if (kustomization.SourceRef is not { } reference)
            return null;
        var text = kustomization.Path?.Value ?? "";
        if (Fields.HasVariable(text))
            return IsLocalSource(cluster, reference) || reference.Kind == "ExternalArtifact" ? new LocalPathResult(null) : null;

        if (reference.Kind == "GitRepository" && IsLocalSource(cluster, reference))
            return new LocalPathResult(RepositoryFiles.Join("", text));
        if (reference.Kind == "ExternalArtifact")
            return ArtifactPath(cluster, reference, text);
        if (PublishedFolder(cluster, reference) is { } folder)
            return new LocalPathResult(RepositoryFiles.Join(folder, text));
        return null;
    }

    /// <summary>
    /// Returns the repository folder that the configuration's <c>sources</c> maps an OCIRepository or
    /// GitRepository to, such as the folder CI pushes with 'flux push artifact', or null when none does.
    /// </summary>
    private string? PublishedFolder(Cluster cluster, SourceReference reference)
    {
        if (_configuredSources.Count == 0 || reference.Kind is not ("OCIRepository" or "GitRepository"))
            return null;
        if (cluster.FindSource(reference)?.Url is not { } url || Fields.HasVariable(url))
            return null;
        return _configuredSources.FirstOrDefault(source => SameSourceUrl(source.Url, url))?.Path;
    }

    private static bool SameSourceUrl(string configured, string url)
    {
        if (configured.StartsWith("oci://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("oci://", StringComparison.OrdinalIgnoreCase))
            return string.Equals(configured.Trim().TrimEnd('/'), url.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
        return NormalizeGitUrl(configured) == NormalizeGitUrl(url);
    }

    private bool IsLocalSource(Cluster cluster, SourceReference reference)
    {
        if (reference.Kind != "GitRepository")
            return false;
        if (reference.Name == "flux-system")
            return true;
        if (_originUrl is null)
            return false;
        var source = cluster.FindSource(reference);
        return source?.Url is { } url && NormalizeGitUrl(url) == _originUrl;
    }

    /// <summary>
    /// Maps a path inside an ExternalArtifact that an ArtifactGenerator copies from this repository
    /// back to the repository folder it came from.
    /// </summary>
    /// <remarks>
    /// NOTE: the artifact is mapped through the copy rule that covers the path, and the build then
    /// reads the repository folder. A kustomization.yaml that reaches across two copy rules with '..'
    /// resolves against the repository, which matches the artifact only when the rules keep the layout.
    /// </remarks>
    private LocalPathResult? ArtifactPath(Cluster cluster, SourceReference reference, string path)
    {
        foreach (var generator in cluster.ArtifactGenerators)
        {
            if (generator.Namespace != reference.Namespace)
                continue;
            var spec = generator.Object.Spec;
            var aliases = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var source in Fields.Sequence(spec, "sources")?.Items.OfType<YMapping>() ?? [])
            {
                var alias = Fields.String(source, "alias")?.Value;
                var kind = Fields.String(source, "kind")?.Value ?? "GitRepository";
                var name = Fields.String(source, "name")?.Value;
                if (alias is null || name is null)
                    continue;
                var ns = Fields.String(source, "namespace")?.Value ?? generator.Namespace ?? "flux-system";
                aliases[alias] = IsLocalSource(cluster, new SourceReference(kind, name, ns, source));
            }

            foreach (var artifact in Fields.Sequence(spec, "artifacts")?.Items.OfType<YMapping>() ?? [])
            {
                if (Fields.String(artifact, "name")?.Value != reference.Name)
                    continue;
                var target = RepositoryFiles.Join("", path) ?? "";
                foreach (var rule in Fields.Sequence(artifact, "copy")?.Items.OfType<YMapping>() ?? [])
                {
                    var from = Fields.String(rule, "from")?.Value;
                    var to = Fields.String(rule, "to")?.Value;
                    if (from is null || to is null || !from.StartsWith('@') || !to.StartsWith("@artifact", StringComparison.Ordinal))
                        continue;
                    var slash = from.IndexOf('/');
                    var alias = slash < 0 ? from[1..] : from[1..slash];
                    if (!aliases.GetValueOrDefault(alias))
                        continue;
                    var fromDirectory = TrimGlob(slash < 0 ? "" : from[(slash + 1)..]);
                    var toDirectory = TrimGlob(to["@artifact".Length..].TrimStart('/'));
                    if (toDirectory.Length > 0 && target != toDirectory && !target.StartsWith(toDirectory + "/", StringComparison.Ordinal))
                        continue;
                    var rest = toDirectory.Length == 0 ? target : target[toDirectory.Length..].TrimStart('/');
                    return new LocalPathResult(RepositoryFiles.Join(fromDirectory, rest));
                }
            }
        }

        return null;
    }

    private static string TrimGlob(string path)
    {
        var text = path;
        while (text.EndsWith("/**", StringComparison.Ordinal) || text.EndsWith("/*", StringComparison.Ordinal) || text == "**" || text == "*")
            text = text.Length <= 2 ? "" : text[..text.LastIndexOf('/')];
        return text.Trim('/');
    }

    private void Classify(Cluster cluster, Applier applier, HashSet<(YDocument, string?, string?)> seen, Queue<Applier> pending, bool markOnly)
    {
        foreach (var obj in applier.Objects)
        {
            var kube = obj.Object;
            if (IsFluxKustomization(kube))
            {
                if (applier.Kustomization?.Object.Document == kube.Document && applier == cluster.Root)
                    continue;
                if (!seen.Add((kube.Document, obj.Namespace, obj.Name)))
                    continue;
                var childKustomization = new FluxKustomization(obj, _files.Limits);
                var child = new Applier(childKustomization, childKustomization.Display) { Parent = applier };
                applier.Children.Add(child);
                cluster.Appliers.Add(child);
                pending.Enqueue(child);
                continue;
            }

            if (markOnly)
                continue;

            if (kube.Group == ApiGroups.HelmToolkit && kube.Kind == "HelmRelease")
            {
                var node = new HelmReleaseNode(new HelmRelease(obj, _files.Limits), applier);
                applier.HelmReleases.Add(node);
                cluster.HelmReleases.Add(node);
            }
            else if (kube.Group == ApiGroups.SourceToolkit && FluxSource.Kinds.Contains(kube.Kind))
            {
                cluster.Sources.Add(new FluxSource(obj));
            }
            else if (kube.Group == "source.extensions.fluxcd.io" && kube.Kind == "ArtifactGenerator")
            {
                cluster.ArtifactGenerators.Add(obj);
            }
            else if (kube.IsCustomResourceDefinition)
            {
                if (CustomResourceDefinition.From(obj) is { } definition && !IsExcludedFromApply(kube))
                    applier.Definitions.Add(definition);
            }
            else if (!ApiGroups.IsBuiltIn(kube.Group) && !ApiGroups.IsFlux(kube.Group) && !kube.IsKustomizeConfig)
            {
                applier.CustomResources.Add(obj);
            }
        }
    }

    /// <summary>kustomize-controller skips objects marked 'reconcile: disabled' or 'ssa: Ignore'.</summary>
    public static bool IsExcludedFromApply(KubeObject obj) =>
        string.Equals(obj.Annotation("kustomize.toolkit.fluxcd.io/reconcile"), "disabled", StringComparison.OrdinalIgnoreCase)
        || string.Equals(obj.Label("kustomize.toolkit.fluxcd.io/reconcile"), "disabled", StringComparison.OrdinalIgnoreCase)
        || string.Equals(obj.Annotation("kustomize.toolkit.fluxcd.io/ssa"), "Ignore", StringComparison.OrdinalIgnoreCase);

    private void MarkPreinstalled(Cluster cluster, IReadOnlyList<HelmfileRelease> preinstalled)
    {
        foreach (var release in cluster.HelmReleases)
            release.Chart = MatchChart(cluster, release.Release);

        foreach (var helmfile in preinstalled)
        {
            var chart = helmfile.ChartName is { } chartName ? _knowledge.FindChart(chartName, null) : null;
            var matching = cluster.HelmReleases.FirstOrDefault(h => h.Release.Name == helmfile.Name && (helmfile.Namespace is null || h.Release.Namespace == helmfile.Namespace));
            chart ??= matching?.Chart ?? _knowledge.FindChart(helmfile.Name, null);
            if (chart is null)
            {
                cluster.HasUnknownPreinstalled = true;
                if (matching is not null && !IsCrdOnlyHelmfile(helmfile.File))
                    cluster.PreinstalledReleases.Add(matching);
                continue;
            }
            var groups = chart.Crds.Groups.Select(g => g.Group).ToList();
            foreach (var group in groups)
                cluster.PreinstalledGroups.TryAdd(group, helmfile.File);
            if (matching is not null && !IsCrdOnlyHelmfile(helmfile.File))
                cluster.PreinstalledReleases.Add(matching);
            _log.Note($"assumed present: the CRDs of chart '{chart.Name}' ({string.Join(", ", groups)}), installed by helmfile release '{helmfile.Name}' in '{helmfile.File}' before Flux starts");
        }
    }

    /// <summary>
    /// A helmfile that only extracts CRDs (a name such as crds.yaml) installs no operator, so the
    /// operators' webhooks are not serving when Flux starts.
    /// </summary>
    private static bool IsCrdOnlyHelmfile(string path) => RepositoryFiles.FileName(path).Contains("crd", StringComparison.OrdinalIgnoreCase);

    private ChartInfo? MatchChart(Cluster cluster, HelmRelease release)
    {
        if (release.ChartSource is not { } reference)
            return null;
        var source = cluster.FindSource(reference);
        var chartName = release.ChartName;
        var url = source?.Url;
        if (chartName is null && url is not null)
        {
            // A chartRef to an OCIRepository names the chart by the last segment of its URL.
            chartName = url.TrimEnd('/')[(url.TrimEnd('/').LastIndexOf('/') + 1)..];
            release.ChartName = chartName;
        }

        if (chartName is null || Fields.HasVariable(chartName))
            return null;
        return _knowledge.FindChart(chartName, url);
    }

    private static void ResolveDependencies(Cluster cluster)
    {
        foreach (var applier in cluster.Appliers)
        {
            if (applier.Kustomization is not { } kustomization)
                continue;
            foreach (var reference in kustomization.DependsOn)
            {
                if (!reference.IsKnown)
                    continue;
                if (cluster.FindKustomization(reference.Namespace, reference.Name) is { } target && target != applier)
                    applier.DependsOn.Add(target);
            }
        }

        foreach (var release in cluster.HelmReleases)
        {
            foreach (var reference in release.Release.DependsOn)
            {
                if (reference.IsKnown && cluster.FindHelmRelease(reference.Namespace, reference.Name) is { } target && target != release)
                    release.DependsOn.Add(target);
            }
        }
    }

    /// <summary>Normalises a Git URL so that https, ssh and '.git' spellings of one repository compare equal.</summary>
    public static string NormalizeGitUrl(string url)
    {
        var text = url.Trim().TrimEnd('/');
        if (text.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
            text = text[..^4];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            text = text[(scheme + 3)..];
        var at = text.IndexOf('@');
        if (at >= 0 && at < text.IndexOf('/', StringComparison.Ordinal) + (text.Contains('/') ? 0 : text.Length))
            text = text[(at + 1)..];
        text = text.Replace(':', '/');
        return text.ToLowerInvariant();
    }
}

/// <summary>A release of a helmfile file, which installs its chart before Flux starts.</summary>
public sealed record HelmfileRelease(string Name, string? Namespace, string? ChartName, string File);
