using System.Text.RegularExpressions;
using FluxRaceLint.Build;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// Finds the ConfigMaps and Secrets that a Kustomization's postBuild.substituteFrom names among the
/// objects that the cluster's Kustomizations apply. kustomize-controller reads them in the
/// Kustomization's own namespace, at reconcile time, from the cluster.
/// </summary>
internal sealed partial class SubstituteFromResolver
{
    private readonly RepositoryFiles _files;
    private readonly IReadOnlyList<KubeObject> _repositoryObjects;
    private readonly RunLog _log;
    private readonly Func<Cluster, string?> _describeHiddenApplier;
    private readonly Dictionary<Cluster, AppliedIndex> _indexes = [];
    private readonly Dictionary<(string Kind, string Name), bool> _mayExist = [];
    private HashSet<(string Kind, string Name)>? _namesInRepository;
    private List<(string Kind, Regex Pattern)>? _templatedNames;

    /// <param name="describeHiddenApplier">
    /// Returns a description of an applier of the cluster whose objects the linter cannot see (another
    /// source, an unknown path or chart), or null when every applier seen so far is readable.
    /// </param>
    public SubstituteFromResolver(RepositoryFiles files, IReadOnlyList<KubeObject> repositoryObjects, RunLog log, Func<Cluster, string?> describeHiddenApplier)
    {
        _files = files;
        _repositoryObjects = repositoryObjects;
        _log = log;
        _describeHiddenApplier = describeHiddenApplier;
    }

    /// <summary>The kind, namespace and name of a ConfigMap or Secret.</summary>
    public readonly record struct ObjectKey(string Kind, string Namespace, string Name);

    /// <summary>
    /// Reads the variables of each substituteFrom entry of <paramref name="applier"/>. Returns null
    /// when an entry names an object that no applier indexed so far applies and
    /// <paramref name="final"/> is false, so the walk can build other Kustomizations first; then
    /// <paramref name="missing"/> is that object. With <paramref name="final"/>, an entry that is
    /// still not found is unknown, or empty when it is optional, nothing in the repository could
    /// create it and no applier of the cluster is hidden from the linter. Unless
    /// <paramref name="quiet"/>, the verbose output gets one line per entry.
    /// </summary>
    public IReadOnlyList<VariableSource>? Resolve(Cluster cluster, Applier applier, bool final, bool quiet, out ObjectKey missing)
    {
        missing = default;
        var kustomization = applier.Kustomization!;
        var entries = (Fields.Mapping(kustomization.Object.Spec, "postBuild")?.Get("substituteFrom") as YSequence)?.Items ?? [];
        var index = IndexOf(cluster);
        var outcomes = new List<(VariableSource Source, string Message)>();
        foreach (var item in entries)
        {
            var entry = item as YMapping;
            var kind = Fields.String(entry, "kind")?.Value;
            var name = Fields.String(entry, "name")?.Value;
            var optional = Fields.Bool(entry, "optional")?.Value == true;
            if (kind is not ("ConfigMap" or "Secret") || name is null || Fields.HasVariable(name))
            {
                outcomes.Add((VariableSource.Unknown, $"substituteFrom unknown: an entry of Kustomization '{kustomization.Display}' names no ConfigMap or Secret the linter can look up; the variables it may set stay unknown"));
                continue;
            }

            var display = $"{kind} '{kustomization.Namespace}/{name}'";
            var found = index.Find(kind, kustomization.Namespace, name);
            if (found.Count == 0)
            {
                if (!final)
                {
                    missing = new ObjectKey(kind, kustomization.Namespace, name);
                    return null;
                }

                outcomes.Add(NotFound(cluster, index, kustomization, kind, name, display, optional));
                continue;
            }

            outcomes.Add(Read(kustomization, display, found));
        }

        if (!quiet)
        {
            foreach (var (_, message) in outcomes)
                _log.Note(message);
        }

        return [.. outcomes.Select(o => o.Source)];
    }

    private static (VariableSource, string) Read(FluxKustomization kustomization, string display, List<(Applier Applier, AppliedObject Object)> found)
    {
        var prefix = $"Kustomization '{kustomization.Display}'";
        var appliers = string.Join(", ", found.Select(f => $"'{f.Applier.Display}'").Distinct(StringComparer.Ordinal));
        if (found.FirstOrDefault(f => f.Object.Group.Length > 0) is { Object: { } producer })
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, which {producer.Kind} '{producer.Name}' makes at run time; the variables it sets stay unknown");
        if (found.Any(f => f.Applier.Kustomization?.Object.Spec?.Get("kubeConfig") is not null))
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, which {appliers} applies to a remote cluster; the variables it sets stay unknown");
        if (found.Any(f => ClusterBuilder.IsExcludedFromApply(f.Object.Object) || string.Equals(f.Object.Object.Annotation("kustomize.toolkit.fluxcd.io/ssa"), "IfNotPresent", StringComparison.OrdinalIgnoreCase)))
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, which {appliers} does not keep up to date (reconcile disabled or ssa Ignore or IfNotPresent); the variables it sets stay unknown");

        var data = found.Select(f => ConfigData.Read(f.Object.Object)).ToList();
        if (data.FirstOrDefault(d => !d.IsReadable) is { } unreadable)
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, applied by {appliers}, but {unreadable.UnreadableReason}; the variables it sets stay unknown");
        if (data.Skip(1).Any(d => !SameValues(d, data[0])))
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, which {appliers} apply with different data; the variables it sets stay unknown");
        if (data[0].Values.Keys.FirstOrDefault(key => !VariableName().IsMatch(key)) is { } invalid)
            return (VariableSource.Unknown, $"substituteFrom unknown: {prefix} reads {display}, whose key '{invalid}' is not a valid variable name, so kustomize-controller fails its post-build substitution");

        var source = new VariableSource(data[0].Values, data[0].IsComplete);
        var unknownValues = source.Values.Count(pair => Fields.HasVariable(pair.Value));
        var detail = unknownValues == 0 ? "" : $", {unknownValues} of them unknown";
        var more = source.IsComplete ? "" : "; it may set further variables that stay unknown";
        return (source, $"substituteFrom read: {prefix} takes {Count(source.Values.Count, "variable")} from {display}, applied by {appliers}{detail}{more}");
    }

    private (VariableSource, string) NotFound(Cluster cluster, AppliedIndex index, FluxKustomization kustomization, string kind, string name, string display, bool optional)
    {
        var prefix = $"Kustomization '{kustomization.Display}'";
        if (index.Find(kind, kustomization.Namespace, $"{name}-{UnknownValue.NameHash}").Count > 0)
            return (VariableSource.Unknown, $"substituteFrom not found: {prefix} reads {display}, but the kustomize generator of that name appends a hash to it (no disableNameSuffixHash), so kustomize-controller looks up a name that does not exist; the variables it sets stay unknown");
        if (!optional)
            return (VariableSource.Unknown, $"substituteFrom not found: {prefix} reads {display}, which no Kustomization of cluster '{cluster.Name}' applies; it may be created outside Flux, so the variables it sets stay unknown");
        if (MayExistInRepository(kind, name))
            return (VariableSource.Unknown, $"substituteFrom not found: {prefix} reads the optional {display}, which no Kustomization of cluster '{cluster.Name}' applies, but the repository has an object that may become it; the variables it sets stay unknown");
        if (_describeHiddenApplier(cluster) is { } hidden)
            return (VariableSource.Unknown, $"substituteFrom not found: {prefix} reads the optional {display}, which no Kustomization of cluster '{cluster.Name}' applies, but {hidden} and may create it; the variables it sets stay unknown");
        return (VariableSource.Empty, $"substituteFrom empty: {prefix} reads the optional {display}, which nothing in the repository creates, so kustomize-controller reads no variables from it");
    }

    private static bool SameValues(ConfigData a, ConfigData b) =>
        a.IsComplete == b.IsComplete && a.Values.Count == b.Values.Count
        && a.Values.All(pair => b.Values.TryGetValue(pair.Key, out var other) && other == pair.Value);

    /// <summary>
    /// Returns whether any object of the repository, in any cluster or none, could be the named
    /// ConfigMap or Secret. Candidates are an object of that name, one whose name has a variable,
    /// a generator of that name, and a custom resource that makes a Secret of that name.
    /// </summary>
    private bool MayExistInRepository(string kind, string name)
    {
        if (!_mayExist.TryGetValue((kind, name), out var result))
            _mayExist[(kind, name)] = result = ScanRepository(kind, name);
        return result;
    }

    private bool ScanRepository(string kind, string name)
    {
        if (_namesInRepository is null)
        {
            _namesInRepository = [];
            _templatedNames = [];
            foreach (var obj in _repositoryObjects)
            {
                foreach (var (producedKind, producedName) in Produces(obj, obj.Name))
                    AddName(producedKind, producedName);
            }

            foreach (var file in _files.LoadedFiles())
            {
                if (!KustomizeBuilder.KustomizationFileNames.Contains(RepositoryFiles.FileName(file.Path)))
                    continue;
                var config = file.Documents.Select(d => d.Root).OfType<YMapping>().FirstOrDefault();
                foreach (var (key, generatedKind) in new[] { ("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret") })
                {
                    foreach (var entry in (config?.Get(key) as YSequence)?.Items.OfType<YMapping>() ?? [])
                    {
                        if (Fields.String(entry, "name")?.Value is { } generated)
                            AddName(generatedKind, generated);
                    }
                }
            }
        }

        return _namesInRepository.Contains((kind, name)) || _templatedNames!.Any(t => t.Kind == kind && t.Pattern.IsMatch(name));
    }

    private void AddName(string kind, string name)
    {
        if (!Fields.HasVariable(name))
        {
            _namesInRepository!.Add((kind, name));
            return;
        }

        // '${APP}-secret' may become any name that ends in '-secret'.
        var pattern = "^" + string.Join(".*", VariableReference().Split(name).Select(Regex.Escape)) + "$";
        _templatedNames!.Add((kind, new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50))));
    }

    /// <summary>
    /// Returns the core ConfigMaps and Secrets an object is or makes. A custom resource of a kind
    /// ending in 'Secret' makes a Secret named after itself or after spec.target.name (External
    /// Secrets' ExternalSecret), spec.destination.name or spec.template.metadata.name (Sealed
    /// Secrets' SealedSecret).
    /// </summary>
    private static IEnumerable<(string Kind, string Name)> Produces(KubeObject obj, string? name)
    {
        if (name is null)
            yield break;
        if (obj.Group.Length == 0 && obj.Kind is "ConfigMap" or "Secret")
        {
            yield return (obj.Kind, name);
            yield break;
        }

        foreach (var secret in RuntimeSecrets.SecretNames(obj, name))
            yield return ("Secret", secret);
    }

    /// <summary>
    /// Returns whether something in the repository could still become an object that a
    /// substituteFrom entry of <paramref name="applier"/> names and the cluster does not apply yet.
    /// When it returns false, resolving the applier later gives the same variables as now.
    /// </summary>
    /// <remarks>
    /// NOTE: a namePrefix or nameSuffix of a kustomization file can give an object a name that no
    /// repository file contains, and that object is not counted here.
    /// </remarks>
    public bool MayStillAppear(Cluster cluster, Applier applier)
    {
        var kustomization = applier.Kustomization!;
        var index = IndexOf(cluster);
        foreach (var entry in (Fields.Mapping(kustomization.Object.Spec, "postBuild")?.Get("substituteFrom") as YSequence)?.Items.OfType<YMapping>() ?? [])
        {
            var kind = Fields.String(entry, "kind")?.Value;
            var name = Fields.String(entry, "name")?.Value;
            if (kind is not ("ConfigMap" or "Secret") || name is null || Fields.HasVariable(name))
                continue;
            if (index.Find(kind, kustomization.Namespace, name).Count == 0 && MayExistInRepository(kind, name))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Adds the ConfigMaps and Secrets that <paramref name="applier"/> applies or makes to the
    /// cluster's index, and returns their keys. The walk calls it once an applier's build is done.
    /// </summary>
    public List<ObjectKey> Index(Cluster cluster, Applier applier) => IndexOf(cluster).Add(applier);

    private AppliedIndex IndexOf(Cluster cluster)
    {
        if (!_indexes.TryGetValue(cluster, out var index))
            _indexes[cluster] = index = new AppliedIndex();
        return index;
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>Flux's rule for variable names (kustomize-controller rejects a ConfigMap key that breaks it).</summary>
    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex VariableReference();

    /// <summary>The ConfigMaps and Secrets a cluster applies, and the custom resources that make Secrets, by kind, namespace and name.</summary>
    private sealed class AppliedIndex
    {
        private readonly Dictionary<(string Kind, string Namespace, string Name), List<(Applier, AppliedObject)>> _objects = [];
        private readonly Dictionary<Applier, int> _indexedCounts = [];

        public List<(Applier Applier, AppliedObject Object)> Find(string kind, string ns, string name) =>
            _objects.GetValueOrDefault((kind, ns, name)) ?? [];

        /// <summary>
        /// Adds the objects that <paramref name="applier"/> gained since it was last added, which
        /// works because builds only add objects, and returns their keys.
        /// </summary>
        public List<ObjectKey> Add(Applier applier)
        {
            var keys = new List<ObjectKey>();
            var done = _indexedCounts.GetValueOrDefault(applier);
            for (var i = done; i < applier.Objects.Count; i++)
            {
                var applied = applier.Objects[i];
                if (applied.Namespace is null)
                    continue;
                foreach (var (kind, name) in Produces(applied.Object, applied.Name))
                {
                    if (!_objects.TryGetValue((kind, applied.Namespace, name), out var list))
                        _objects[(kind, applied.Namespace, name)] = list = [];
                    list.Add((applier, applied));
                    keys.Add(new ObjectKey(kind, applied.Namespace, name));
                }
            }

            _indexedCounts[applier] = applier.Objects.Count;
            return keys;
        }
    }
}
