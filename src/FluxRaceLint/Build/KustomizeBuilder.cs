using System.Collections.Concurrent;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>An object a kustomize build emits, with the name and namespace its transformers give it.</summary>
public sealed record BuiltObject(KubeObject Object, string? Name, string? Namespace)
{
    /// <summary>True when a kustomization of the build sets <c>labels</c> or <c>commonLabels</c>, which the builder does not apply.</summary>
    public bool HasUnappliedLabels { get; init; }
}

/// <summary>What building one folder gives: its objects and the problems that would fail the build.</summary>
public sealed class BuildOutput
{
    public required IReadOnlyList<BuiltObject> Objects { get; init; }

    public required IReadOnlyList<InputProblem> Problems { get; init; }

    /// <summary>
    /// The replacements of a kustomize Component, which apply to every object of the kustomization
    /// that includes it rather than to the component's own objects alone.
    /// </summary>
    internal IReadOnlyList<Replacement> ComponentReplacements { get; init; } = [];
}

/// <summary>
/// Resolves what kustomize-controller builds from a folder: the folder's kustomization file followed
/// through resources, generators, components, patches, name and namespace transformers and
/// replacements, or, without one, the kustomization Flux generates (every YAML file below the
/// folder, where a subfolder with its own kustomization file is taken whole).
/// </summary>
public sealed class KustomizeBuilder
{
    /// <summary>The file names kustomize recognises, in the order it looks for them.</summary>
    public static readonly string[] KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    private const int MaxDepth = 64;

    private readonly RepositoryFiles _files;
    private readonly RunLog _log;
    private readonly ConcurrentDictionary<string, Lazy<BuildOutput>> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<BuildOutput>> _topCache = new(StringComparer.Ordinal);

    public KustomizeBuilder(RepositoryFiles files, RunLog log)
    {
        _files = files;
        _log = log;
    }

    /// <summary>Builds a folder as kustomize does, without the objects marked as local configuration.</summary>
    public BuildOutput Build(string directory) =>
        _topCache.GetOrAdd(directory, key => new Lazy<BuildOutput>(() => DropLocalConfig(BuildKeepingLocalConfig(key)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>
    /// Builds a folder but keeps the objects marked as local configuration, for a caller that applies
    /// more replacements to the result. kustomize drops those objects once, after the whole build and
    /// not at each nested kustomization, so replacements at any level can read them.
    /// </summary>
    internal BuildOutput BuildKeepingLocalConfig(string directory) =>
        _cache.GetOrAdd(directory, key => new Lazy<BuildOutput>(() => BuildUncached(key, []), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Returns whether kustomize leaves the object out of its output (annotation config.kubernetes.io/local-config: "true").</summary>
    internal static bool IsLocalConfig(BuiltObject built) =>
        string.Equals(built.Object.Annotation("config.kubernetes.io/local-config"), "true", StringComparison.Ordinal);

    private static BuildOutput DropLocalConfig(BuildOutput output) =>
        output.Objects.Any(IsLocalConfig)
            ? new BuildOutput { Objects = [.. output.Objects.Where(o => !IsLocalConfig(o))], Problems = output.Problems, ComponentReplacements = output.ComponentReplacements }
            : output;

    public string? FindKustomizationFile(string directory)
    {
        var listing = _files.List(directory);
        foreach (var name in KustomizationFileNames)
        {
            if (listing.Files.Contains(name))
                return RepositoryFiles.Combine(directory, name);
        }

        return null;
    }

    /// <summary>Returns whether the folder's kustomization file is a kustomize Component.</summary>
    public bool IsComponent(string directory)
    {
        var path = FindKustomizationFile(directory);
        if (path is null)
            return false;
        return _files.GetFile(path).Documents.Any(d => (d.Root as YMapping)?.Get("kind") is YScalar { Value: "Component" });
    }

    private BuildOutput BuildUncached(string directory, HashSet<string> active)
    {
        var objects = new List<BuiltObject>();
        var problems = new List<InputProblem>();
        var seen = new HashSet<(string, int)>();
        IReadOnlyList<Replacement> componentReplacements = [];
        if (active.Count > MaxDepth || !active.Add(directory))
        {
            return new BuildOutput { Objects = objects, Problems = problems };
        }

        try
        {
            var kustomizationPath = FindKustomizationFile(directory);
            if (kustomizationPath is null)
                BuildGenerated(directory, active, objects, problems, seen);
            else
                componentReplacements = BuildFromKustomization(directory, kustomizationPath, active, objects, problems, seen);
        }
        finally
        {
            active.Remove(directory);
        }

        return new BuildOutput { Objects = objects, Problems = problems, ComponentReplacements = componentReplacements };
    }

    private BuildOutput BuildNested(string directory, HashSet<string> active)
    {
        // A folder reached from two parents is built once; the cycle guard only matters for
        // folders currently being built higher up the chain.
        if (active.Contains(directory))
            return new BuildOutput { Objects = [], Problems = [] };
        if (_cache.TryGetValue(directory, out var cached) && cached.IsValueCreated)
            return cached.Value;
        var output = BuildUncached(directory, active);
        _cache.TryAdd(directory, new Lazy<BuildOutput>(output));
        return output;
    }

    private void BuildGenerated(string directory, HashSet<string> active, List<BuiltObject> objects, List<InputProblem> problems, HashSet<(string, int)> seen)
    {
        var listing = _files.List(directory);
        foreach (var name in listing.Files)
        {
            var path = RepositoryFiles.Combine(directory, name);
            if (RepositoryFiles.IsYaml(path))
                AddFile(path, objects, seen);
        }

        foreach (var name in listing.Directories)
        {
            var child = RepositoryFiles.Combine(directory, name);
            if (FindKustomizationFile(child) is not null)
                Append(BuildNested(child, active), objects, problems, null, seen);
            else
                BuildGenerated(child, active, objects, problems, seen);
        }
    }

    /// <summary>Builds one kustomization. Returns its replacements when it is a Component, because the including kustomization applies them.</summary>
    private List<Replacement> BuildFromKustomization(string directory, string kustomizationPath, HashSet<string> active, List<BuiltObject> objects, List<InputProblem> problems, HashSet<(string, int)> seen)
    {
        var file = _files.GetFile(kustomizationPath);
        var config = file.Documents.Select(d => d.Root).OfType<YMapping>().FirstOrDefault();
        if (config is null)
            return [];

        // kustomize's order: resources, then generators, then components (each component's
        // replacements act on everything accumulated so far), then this kustomization's transformers.
        var local = new List<BuiltObject>();
        foreach (var key in new[] { "resources", "bases" })
            AddResources(directory, file, config.Get(key) as YSequence, active, local, problems, seen);
        Generators.Add(_files, directory, file, config, local, problems, _log);
        foreach (var entry in (config.Get("components") as YSequence)?.Items ?? [])
        {
            var replacements = AddResources(directory, file, new YSequence([entry], entry.Start, entry.End), active, local, problems, seen);
            if (replacements.Count > 0)
                Replacements.Apply(local, replacements, _log);
        }

        var patches = Patches.Read(file, config.Get("patches") as YSequence, path => LoadRelative(directory, path), problems, _files.Limits);
        patches.AddRange(Patches.ReadStrategicMerge(file, config.Get("patchesStrategicMerge") as YSequence, path => LoadRelative(directory, path), problems, _files.Limits));
        patches.AddRange(Patches.Read(file, config.Get("patchesJson6902") as YSequence, path => LoadRelative(directory, path), problems, _files.Limits));
        if (patches.Count > 0)
        {
            for (var i = 0; i < local.Count; i++)
                local[i] = local[i] with { Object = Patches.Apply(local[i].Object, local[i].Name, local[i].Namespace, patches) };
        }

        var ns = Fields.String(config, "namespace")?.Value;
        var prefix = Fields.String(config, "namePrefix")?.Value ?? "";
        var suffix = Fields.String(config, "nameSuffix")?.Value ?? "";
        var labels = config.Get("labels") is not null || config.Get("commonLabels") is not null;
        for (var i = 0; i < local.Count; i++)
        {
            local[i] = Transform(local[i], ns, prefix, suffix);
            if (labels)
                local[i] = local[i] with { HasUnappliedLabels = true };
        }

        var ownReplacements = Replacements.Read(file, config.Get("replacements") as YSequence, path => LoadRelative(directory, path), problems, _files.Limits);
        var isComponent = config.Get("kind") is YScalar { Value: "Component" };
        if (!isComponent && ownReplacements.Count > 0)
            Replacements.Apply(local, ownReplacements, _log);
        objects.AddRange(local);
        return isComponent ? ownReplacements : [];
    }

    /// <summary>Adds the entries of a resources list. Returns the replacements of the Components among them.</summary>
    private List<Replacement> AddResources(string directory, SourceFile file, YSequence? entries, HashSet<string> active, List<BuiltObject> local, List<InputProblem> problems, HashSet<(string, int)> seen)
    {
        var replacements = new List<Replacement>();
        foreach (var entry in entries?.Items ?? [])
        {
            if (entry is YScalar { Value.Length: > 0 } scalar)
                replacements.AddRange(AddResource(directory, file, scalar, active, local, problems, seen));
        }

        return replacements;
    }

    private SourceFile? LoadRelative(string directory, string reference)
    {
        var path = RepositoryFiles.Join(directory, reference);
        return path is not null && _files.GetKind(path) == EntryKind.File ? _files.GetFile(path) : null;
    }

    private IReadOnlyList<Replacement> AddResource(string directory, SourceFile kustomization, YScalar entry, HashSet<string> active, List<BuiltObject> objects, List<InputProblem> problems, HashSet<(string, int)> seen)
    {
        var reference = entry.Value.Trim();
        if (IsRemote(reference))
        {
            _log.Note($"not fetched: remote resource '{reference}' in '{kustomization.Path}'; nothing inside it is assumed");
            return [];
        }

        var path = RepositoryFiles.Join(directory, reference);
        if (path is null)
        {
            problems.Add(new InputProblem(
                kustomization.Path,
                entry.Start,
                entry.End,
                $"The resource '{reference}' leaves the repository, so it is not read.",
                "Refer only to files and folders inside the repository."));
            return [];
        }

        switch (_files.GetKind(path))
        {
            case EntryKind.File:
                AddFile(path, objects, seen);
                break;
            case EntryKind.Directory:
                if (FindKustomizationFile(path) is null)
                {
                    problems.Add(new InputProblem(
                        kustomization.Path,
                        entry.Start,
                        entry.End,
                        $"The resource folder '{reference}' has no kustomization.yaml, so kustomize fails to build '{kustomization.Path}'.",
                        $"Add a kustomization.yaml to '{path}', or list its files one by one."));
                    break;
                }

                if (active.Contains(path))
                {
                    problems.Add(new InputProblem(
                        kustomization.Path,
                        entry.Start,
                        entry.End,
                        $"The resource '{reference}' includes '{path}', which is already being built, so the kustomizations include each other and kustomize fails with a cycle.",
                        "Remove the entry that closes the cycle."));
                    break;
                }

                var nested = BuildNested(path, active);
                Append(nested, objects, problems, null, seen);
                return nested.ComponentReplacements;
            default:
                problems.Add(new InputProblem(
                    kustomization.Path,
                    entry.Start,
                    entry.End,
                    $"The resource '{reference}' does not exist, so kustomize fails to build '{kustomization.Path}'.",
                    "Fix the path, or remove the entry."));
                break;
        }

        return [];
    }

    private void AddFile(string path, List<BuiltObject> objects, HashSet<(string, int)> seen)
    {
        var file = _files.GetFile(path);
        foreach (var document in file.Documents)
        {
            var obj = KubeObject.FromDocument(document, out var reason);
            if (obj is null)
            {
                if (document.Root is not null)
                    _log.Note($"skipped document {document.Index + 1} of '{path}': {reason}");
                continue;
            }

            if (obj.IsKustomizeConfig)
                continue;
            if (seen.Add((path, document.Index)))
                objects.Add(new BuiltObject(obj, obj.Name, obj.Namespace));
        }
    }

    private static void Append(BuildOutput nested, List<BuiltObject> objects, List<InputProblem> problems, string? ns, HashSet<(string, int)> seen)
    {
        foreach (var built in nested.Objects)
        {
            if (seen.Add((built.Object.File.Path, built.Object.Document.Index)))
                objects.Add(ns is null ? built : Transform(built, ns, "", ""));
        }

        problems.AddRange(nested.Problems);
    }

    private static BuiltObject Transform(BuiltObject built, string? ns, string prefix, string suffix)
    {
        var obj = built.Object;
        var clusterScoped = ApiGroups.IsClusterScoped(obj.Group, obj.Kind);
        var name = built.Name;
        if (name is not null && (prefix.Length > 0 || suffix.Length > 0) && !obj.IsCustomResourceDefinition && obj.Kind != "Namespace")
            name = prefix + name + suffix;
        var newNamespace = ns is not null && !clusterScoped ? ns : built.Namespace;
        return built with { Name = name, Namespace = newNamespace };
    }

    /// <summary>Returns whether a kustomize resource entry is a URL, which kustomize would fetch.</summary>
    public static bool IsRemote(string reference) =>
        reference.Contains("://", StringComparison.Ordinal)
        || reference.StartsWith("github.com/", StringComparison.Ordinal)
        || reference.StartsWith("git@", StringComparison.Ordinal)
        || reference.Contains("?ref=", StringComparison.Ordinal);
}
