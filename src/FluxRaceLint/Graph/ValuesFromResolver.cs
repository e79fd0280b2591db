using FluxRaceLint.Build;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// Finds the ConfigMaps and Secrets that HelmReleases name in spec.valuesFrom among the objects
/// applied in the same cluster and namespace, reads their values and merges them into each release's
/// values. Every entry that cannot be read gets a verbose line saying what was assumed.
/// </summary>
internal static class ValuesFromResolver
{
    /// <summary>
    /// Maximum number of values that the HelmReleases of one cluster copy and merge from valuesFrom,
    /// 20 times the maximum of one release. Releases past it are taken as unread.
    /// </summary>
    private const int MaxClusterWork = 2_000_000;

    public static void Resolve(Cluster cluster, ReadLimits limits, RunLog log)
    {
        var releases = cluster.HelmReleases.Where(r => r.Release.ValuesFrom.Count > 0).ToList();
        if (releases.Count == 0)
            return;

        var objects = new ObjectIndex(cluster);
        var work = 0L;
        foreach (var release in releases)
        {
            var contents = release.Release.ValuesFrom
                .Select(reference => Read(cluster, release, reference, objects, limits))
                .ToList();

            // Each release copies the values it reads, so releases that share one large ConfigMap
            // would cost its size once each.
            if (work > MaxClusterWork)
            {
                var reason = $"belongs to a HelmRelease that comes after others of cluster '{cluster.Name}' that already merge more than {MaxClusterWork} values from valuesFrom, the most the linter merges in one cluster";
                contents = [.. contents.Select(content => content.IsSkipped ? content : ValuesFromContent.Unread(content.Reference, reason))];
            }

            release.Release.MergeValuesFrom(contents);
            work += release.Release.MergedValues.Work;
            Log(cluster, release, contents, log);
        }
    }

    private static ValuesFromContent Read(Cluster cluster, HelmReleaseNode release, ValuesReference reference, ObjectIndex objects, ReadLimits limits)
    {
        if (Fields.HasVariable(reference.Name) || Fields.HasVariable(reference.ValuesKey))
            return ValuesFromContent.Unread(reference, "has a name or key with a postBuild variable that the linter cannot resolve");

        var ns = release.Release.Namespace;
        var key = (reference.Kind, ns, reference.Name);
        var sameObjectName = objects.ByObjectName.GetValueOrDefault(key) ?? [];
        var matching = sameObjectName.Where(pair => pair.Applier == release.AppliedBy && IsRewrittenReferenceTo(pair.Object, reference))
            .Concat((objects.ByAppliedName.GetValueOrDefault(key) ?? []).Where(pair => pair.Object.Object.Generated is not { HasHashSuffix: true })
                .OrderBy(pair => pair.Applier == release.AppliedBy ? 0 : 1))
            .ToList();
        if (matching.FirstOrDefault(pair => NotKeptReason(pair) is null).Object is { } found)
            return ReadObject(reference, found.Object, limits, objects);
        if (matching.Count > 0)
            return ValuesFromContent.Unread(reference, NotKeptReason(matching[0])!);

        var (reason, mayExist) = NotFound(cluster, reference, ns, sameObjectName, objects);
        return reference.Optional && !mayExist ? ValuesFromContent.Skipped(reference, reason) : ValuesFromContent.Unread(reference, reason);
    }

    /// <summary>A nameReference configuration makes kustomize rewrite the reference to the generated, hashed or prefixed name.</summary>
    private static bool IsRewrittenReferenceTo(AppliedObject obj, ValuesReference reference) =>
        obj.Object.Generated is { RewritesValuesFrom: true } && obj.Object.Name == reference.Name;

    /// <summary>
    /// Returns why the object in the cluster may not have the data the repository shows, or null
    /// when Flux keeps it as written. kustomize-controller skips objects marked 'reconcile: disabled'
    /// or 'ssa: Ignore', and creates but never updates those marked 'ssa: IfNotPresent'. A
    /// Kustomization with spec.kubeConfig applies to another cluster.
    /// </summary>
    private static string? NotKeptReason((AppliedObject Object, Applier Applier) pair)
    {
        var obj = pair.Object.Object;
        if (pair.Applier.Kustomization?.Object.Spec?.Get("kubeConfig") is not null)
            return $"is applied by {pair.Applier.Describe()} to the cluster that its spec.kubeConfig names, not to this one";
        if (ClusterBuilder.IsExcludedFromApply(obj))
            return "is marked 'kustomize.toolkit.fluxcd.io/reconcile: disabled' or 'kustomize.toolkit.fluxcd.io/ssa: Ignore', so Flux does not apply it and its data in the cluster is unknown";
        if (string.Equals(obj.Annotation("kustomize.toolkit.fluxcd.io/ssa"), "IfNotPresent", StringComparison.OrdinalIgnoreCase))
            return "is marked 'kustomize.toolkit.fluxcd.io/ssa: IfNotPresent', so Flux never updates it and its data in the cluster may differ from the repository";
        return null;
    }

    /// <summary>
    /// Returns why no applied object matches, and whether the object may still exist at run time:
    /// a custom resource may make the Secret, or a Kustomization whose objects the linter cannot see
    /// may create it. helm-controller skips an optional entry only while its object is missing.
    /// </summary>
    private static (string Reason, bool MayExist) NotFound(
        Cluster cluster,
        ValuesReference reference,
        string ns,
        List<(AppliedObject Object, Applier Applier)> candidates,
        ObjectIndex objects)
    {
        if (reference.Kind == "Secret" && RuntimeSecrets.FindCreator(cluster, ns, reference.Name) is { } creator)
            return ($"is created at run time by {creator.Kind} '{ns}/{creator.Name}', so its data is not in the repository", true);

        var reason = candidates.Any(pair => pair.Object.Object.Name == reference.Name && pair.Object.Object.Generated is { HasHashSuffix: true })
            ? "is generated by kustomize with a hash suffix in its name, and no nameReference configuration of the generating kustomization rewrites HelmRelease spec.valuesFrom names, so helm-controller finds no object of that name"
            : $"is not applied in namespace '{ns}' by any Kustomization of cluster '{cluster.Name}'";
        return objects.OpaqueCreator is { } opaque ? ($"{reason}, but {opaque} may create it", true) : (reason, false);
    }

    /// <summary>
    /// Describes a Kustomization whose objects the linter cannot see (another source, or a path it
    /// cannot resolve), which may create the object, or returns null.
    /// </summary>
    /// <remarks>
    /// NOTE: a HelmRelease of a chart the knowledge base does not know, and a repository object that
    /// no Kustomization of this cluster applies, are not counted, so an optional entry that only
    /// they could create is still skipped.
    /// </remarks>
    private static string? OpaqueCreator(Cluster cluster) =>
        cluster.Appliers.FirstOrDefault(a => a.Source == SourceKind.External || a.HasUnknownBuild) is { } applier
            ? $"{applier.Describe()}, whose objects the linter cannot read,"
            : null;

    private static ValuesFromContent ReadObject(ValuesReference reference, KubeObject obj, ReadLimits limits, ObjectIndex objects)
    {
        var key = reference.ValuesKey;
        var data = objects.Data(obj);
        if (!data.IsReadable)
        {
            return ValuesFromContent.Unread(reference, data.UnreadableReason == ConfigData.SopsReason
                ? "is encrypted with SOPS"
                : $"has data that the linter cannot read, because {data.UnreadableReason}");
        }

        if (!data.Values.TryGetValue(key, out var value))
        {
            if (!data.IsComplete)
                return ValuesFromContent.Unread(reference, $"has no key '{key}' that the linter can see, but it may have keys that a generator reads from a file the linter cannot read");
            var reason = $"has no key '{key}' under data";
            return reference.Optional ? ValuesFromContent.Skipped(reference, reason) : ValuesFromContent.Unread(reference, reason);
        }

        if (value is UnknownValue.Data or UnknownValue.Replacement)
        {
            return ValuesFromContent.Unread(reference, obj.Generated?.UnreadKeys.TryGetValue(key, out var unreadKey) == true
                ? $"has a key '{key}' that {unreadKey}"
                : $"has a key '{key}' whose value the linter cannot know");
        }

        // The node gives the positions; stringData takes precedence over data, as in ConfigData.
        var text = reference.Kind == "Secret" ? Fields.Mapping(obj.Root, "stringData")?.Get(key) as YScalar : null;
        var encoded = text is null && reference.Kind == "Secret";
        text ??= (YScalar)Fields.Mapping(obj.Root, "data")!.Get(key)!;

        var path = (text.Origin ?? obj.File).Path;
        if (reference.TargetPath is not null)
        {
            var single = encoded ? new YScalar(value, false, text.Start, text.End) { Origin = text.Origin } : text;
            return ValuesFromContent.OfValue(reference, single, path);
        }

        // Many entries may name the same key, and each parse of it would cost the whole text again.
        if (!objects.Parsed.TryGetValue(text, out var values))
        {
            var problems = new List<InputProblem>();
            var document = encoded
                ? EmbeddedYaml.ParseDecoded(obj.File, text, value, problems, limits)
                : EmbeddedYaml.Parse(obj.File, text, problems, limits);
            objects.Parsed[text] = values = new ParsedValues(document, problems.Count > 0 ? problems[0].Message : null);
        }

        if (values.Problem is { } problem)
            return ValuesFromContent.Unread(reference, $"has a key '{key}' that is not valid YAML ({problem.TrimEnd('.')})");
        var root = values.Root;
        return root switch
        {
            null => ValuesFromContent.OfDocument(reference, new YMapping([], text.Start, text.End) { Origin = text.Origin }, path),
            YMapping mapping => ValuesFromContent.OfDocument(reference, mapping, path),
            _ => ValuesFromContent.Unread(reference, $"has a key '{key}' whose YAML is not a mapping of values"),
        };
    }

    private static void Log(Cluster cluster, HelmReleaseNode release, List<ValuesFromContent> contents, RunLog log)
    {
        var helm = release.Release;
        var unread = new Dictionary<ValuesReference, ValuesFromContent>(ReferenceEqualityComparer.Instance);
        foreach (var failed in helm.MergedValues.Unread)
            unread.TryAdd(failed.Reference, failed);
        foreach (var content in contents)
        {
            var reference = content.Reference;
            var entry = $"valuesFrom: HelmRelease '{helm.Display}' (cluster '{cluster.Name}') entry {reference.Index + 1}, {reference.Describe()}";
            if (content.IsSkipped)
                log.Note($"{entry}: skipped because it {content.Reason}, as helm-controller skips an optional entry whose object or key is missing");
            else if (unread.GetValueOrDefault(reference) is { } failed)
                log.Note($"{entry}: not read because it {failed.Reason}, so the chart defaults are assumed for {Assumed(reference)}");
            else
                log.Note($"{entry}: merged from '{content.Path}'" + (reference.TargetPath is { } target ? $" at '{target}'" : ""));
        }
    }

    private static string Assumed(ValuesReference reference) =>
        reference.TargetPath is { } target ? $"'{target}'" : "every value it may set";

    /// <summary>The values document in one ConfigMap or Secret key, or the first problem that parsing it found.</summary>
    private sealed record ParsedValues(YNode? Root, string? Problem);

    /// <summary>
    /// The ConfigMaps and Secrets of one cluster, indexed by kind, namespace and name. Each object's
    /// data and each values text is read once, so thousands of entries do not rescan the cluster.
    /// </summary>
    private sealed class ObjectIndex
    {
        private readonly Dictionary<KubeObject, ConfigData> _data = new(ReferenceEqualityComparer.Instance);
        private readonly Lazy<string?> _opaqueCreator;

        public ObjectIndex(Cluster cluster)
        {
            foreach (var applier in cluster.Appliers)
            {
                foreach (var obj in applier.Objects)
                {
                    if (obj.Group.Length != 0 || obj.Kind is not ("ConfigMap" or "Secret") || obj.Namespace is not { } ns)
                        continue;
                    if (obj.Object.Name is { } objectName)
                        Add(ByObjectName, (obj.Kind, ns, objectName), (obj, applier));
                    if (obj.Name is { } appliedName)
                        Add(ByAppliedName, (obj.Kind, ns, appliedName), (obj, applier));
                }
            }

            _opaqueCreator = new(() => ValuesFromResolver.OpaqueCreator(cluster));
        }

        /// <summary>Objects by the name in their manifest, before kustomize adds a prefix, suffix or hash.</summary>
        public Dictionary<(string Kind, string Namespace, string Name), List<(AppliedObject Object, Applier Applier)>> ByObjectName { get; } = [];

        /// <summary>Objects by the name they are applied with.</summary>
        public Dictionary<(string Kind, string Namespace, string Name), List<(AppliedObject Object, Applier Applier)>> ByAppliedName { get; } = [];

        public Dictionary<YScalar, ParsedValues> Parsed { get; } = new(ReferenceEqualityComparer.Instance);

        public string? OpaqueCreator => _opaqueCreator.Value;

        public ConfigData Data(KubeObject obj)
        {
            if (!_data.TryGetValue(obj, out var data))
                _data[obj] = data = ConfigData.Read(obj);
            return data;
        }

        private static void Add(
            Dictionary<(string Kind, string Namespace, string Name), List<(AppliedObject Object, Applier Applier)>> index,
            (string Kind, string Namespace, string Name) key,
            (AppliedObject, Applier) pair)
        {
            if (!index.TryGetValue(key, out var list))
                index[key] = list = [];
            list.Add(pair);
        }
    }
}
