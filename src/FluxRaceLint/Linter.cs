using System.Diagnostics;
using FluxRaceLint.Build;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;
using FluxRaceLint.Rules;

namespace FluxRaceLint;

/// <summary>A problem with the command line or its arguments, reported with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Runs <c>check</c>: load the repository, build each cluster's graph, run the rules.</summary>
public static class Linter
{
    public static LintResult Run(LintOptions options)
    {
        var lintAbsolute = System.IO.Path.GetFullPath(options.Path);
        if (!Directory.Exists(lintAbsolute))
        {
            throw new UsageException(File.Exists(lintAbsolute)
                ? $"The path '{options.Path}' is a file; give the folder to lint, such as the repository root."
                : $"The path '{options.Path}' does not exist.");
        }

        if (options.RepositoryRoot is { } explicitRoot && !Directory.Exists(explicitRoot))
            throw new UsageException($"The repository root '{explicitRoot}' does not exist.");

        var log = new RunLog();
        var stopwatch = Stopwatch.StartNew();
        var root = RepositoryRootLocator.Locate(lintAbsolute, options.RepositoryRoot);
        var files = new RepositoryFiles(root.Path, options.Limits, log);
        var lintPath = files.ToRelative(lintAbsolute)
            ?? throw new UsageException($"The path '{options.Path}' is outside the repository root '{root.Path}'.");
        log.Summary($"repository root: {root.Path} ({root.Reason})");
        if (root.OriginUrl is not null)
            log.Summary($"origin remote: {root.OriginUrl}");

        // Clusters are built from the whole repository, because a Kustomization under PATH is
        // applied, named and ordered by objects elsewhere; only findings under PATH are reported.
        var yamlFiles = files.YamlFilesBelow("").ToList();
        if (options.Parallel)
            System.Threading.Tasks.Parallel.ForEach(yamlFiles, path => files.GetFile(path));
        else
            yamlFiles.ForEach(path => files.GetFile(path));
        var loadMilliseconds = stopwatch.ElapsedMilliseconds;

        var objects = new List<KubeObject>();
        foreach (var path in yamlFiles)
        {
            foreach (var document in files.GetFile(path).Documents)
            {
                var obj = KubeObject.FromDocument(document, out var reason);
                if (obj is not null)
                    objects.Add(obj);
                else if (document.Root is not null)
                    log.Note($"skipped document {document.Index + 1} of '{path}': {reason}");
            }
        }

        var helmfiles = HelmfileReader.Read(yamlFiles.Select(files.GetFile));
        var builder = new KustomizeBuilder(files, log);
        var clusterBuilder = new ClusterBuilder(files, builder, options.Knowledge, log, root.OriginUrl);
        var clusters = clusterBuilder.BuildClusters("", objects, helmfiles);
        var graphMilliseconds = stopwatch.ElapsedMilliseconds - loadMilliseconds;

        var findings = new List<Finding>();
        foreach (var cluster in clusters)
        {
            var analysis = new RaceAnalysis(cluster, options.Knowledge);
            var context = new ClusterContext(cluster, analysis, options, findings);
            foreach (var rule in RuleSet.ClusterRules)
                rule.Check(context);
        }

        InvalidManifestRule.Report(files.LoadedFiles(), clusters, findings);
        var unique = Deduplicate(findings).Where(f => IsUnder(f.Location.Path, lintPath)).ToList();
        var loaded = files.LoadedFiles();
        log.Summary($"read {loaded.Count} YAML files in {loadMilliseconds} ms; built {clusters.Count} cluster graph(s) in {graphMilliseconds} ms; checked in {stopwatch.ElapsedMilliseconds - loadMilliseconds - graphMilliseconds} ms");

        return new LintResult
        {
            RepositoryRoot = root.Path,
            LintPath = lintAbsolute,
            Findings = unique,
            VerboseMessages = log.Lines(),
            FilesRead = loaded.Count,
            ClusterCount = clusters.Count,
        };
    }

    private static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>
    /// The same file applied in two clusters is checked in each; a finding that comes out the same
    /// in both is printed once.
    /// </summary>
    private static List<Finding> Deduplicate(List<Finding> findings)
    {
        var seen = new HashSet<(string, string, int, int, string)>();
        var unique = new List<Finding>();
        foreach (var finding in findings.Order(FindingComparer.Instance))
        {
            if (seen.Add((finding.Rule.Id, finding.Location.Path, finding.Location.Line, finding.Location.Column, finding.Message)))
                unique.Add(finding);
        }

        return unique;
    }
}
