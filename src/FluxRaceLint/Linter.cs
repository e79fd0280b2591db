using System.Diagnostics;
using System.Globalization;
using FluxRaceLint.Build;
using FluxRaceLint.Configuration;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;
using FluxRaceLint.Rules;
using FluxRaceLint.Suppression;

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
        log.Summary($"repository root: {root.Path} ({root.Reason})");
        if (root.OriginUrl is not null)
            log.Summary($"origin remote: {root.OriginUrl}");
        var configuration = LoadConfiguration(options, lintAbsolute, root.Path, log);
        if (configuration is not null)
            options = configuration.ApplyTo(options);

        var files = new RepositoryFiles(root.Path, options.Limits, log);
        var lintPath = files.ToRelative(lintAbsolute)
            ?? throw new UsageException($"The path '{options.Path}' is outside the repository root '{root.Path}'.");
        var excluded = options.Exclude ?? (_ => false);

        // Clusters are built from the whole repository, because a Kustomization under PATH is
        // applied, named and ordered by objects elsewhere. Only findings under PATH are reported.
        // Excluded files are left out of this scan, but a build that names one still reads it.
        var allYamlFiles = files.YamlFilesBelow("").ToList();
        var yamlFiles = allYamlFiles.Where(path => !excluded(path)).ToList();
        if (yamlFiles.Count < allYamlFiles.Count)
            log.Summary($"exclude: the scan skipped {Count(allYamlFiles.Count - yamlFiles.Count, "matching YAML file")}");
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
        CheckConfiguredFolders(configuration, files, log);
        var clusterBuilder = new ClusterBuilder(files, builder, options.Knowledge, log, root.OriginUrl, options.Clusters, options.Sources);
        var clusters = clusterBuilder.BuildClusters("", objects, helmfiles);
        AssumePresent(clusters, options.AssumePresent, log);
        var graphMilliseconds = stopwatch.ElapsedMilliseconds - loadMilliseconds;

        var findings = new List<Finding>();
        var graphs = new List<(Cluster, RaceAnalysis)>();
        foreach (var cluster in clusters)
        {
            var analysis = new RaceAnalysis(cluster, options.Knowledge, log);
            graphs.Add((cluster, analysis));
            var context = new ClusterContext(cluster, analysis, options, findings);
            foreach (var rule in RuleSet.ClusterRules)
                rule.Check(context);
        }

        InvalidManifestRule.Report(files.LoadedFiles(), clusters, findings);
        var unique = Deduplicate(findings).Where(f => IsBelow(f.Location.Path, lintPath)).ToList();
        var loaded = files.LoadedFiles();
        log.Summary($"read {loaded.Count} YAML files in {loadMilliseconds} ms; built {clusters.Count} cluster graph(s) in {graphMilliseconds} ms; checked in {stopwatch.ElapsedMilliseconds - loadMilliseconds - graphMilliseconds} ms");

        var filtered = Filter(unique, loaded, lintPath, options, excluded, log);
        return new LintResult
        {
            RepositoryRoot = root.Path,
            LintPath = lintAbsolute,
            Findings = filtered.Reported,
            Suppressed = filtered.Suppressed,
            VerboseMessages = log.Lines(),
            FilesRead = loaded.Count,
            ClusterCount = clusters.Count,
            Graphs = graphs,
            ConfigurationFile = configuration?.File,
            BaselineMatched = filtered.BaselineMatched,
            BaselineFixed = filtered.BaselineFixed,
        };
    }

    /// <summary>Returns the verbose line with the number of baseline entries that no finding matches any more.</summary>
    public static string FixedEntries(int count) => count == 1
        ? "1 baseline entry is fixed"
        : string.Create(CultureInfo.InvariantCulture, $"{count} baseline entries are fixed");

    private static LintConfiguration? LoadConfiguration(LintOptions options, string lintAbsolute, string rootPath, RunLog log)
    {
        if (!options.ReadConfiguration)
        {
            log.Summary("configuration: none read (--no-config)");
            return null;
        }

        var path = options.ConfigurationFile;
        var reason = "given by --config";
        if (path is null)
        {
            path = ConfigurationLocator.Find(lintAbsolute, rootPath);
            reason = "the first one found from the path up to the repository root";

            // The repository's files never lead the linter outside it, and a link does not either.
            if (path is not null && ConfigurationLocator.LinkTargetOutside(path, rootPath) is { } target)
                throw new UsageException($"The configuration file '{path}' is a link to '{target}', outside the repository, so it was not read. Replace the link with the file, or give the file with --config.");
        }

        if (path is null)
        {
            log.Summary($"configuration: no {ConfigurationParser.FileName} between the path and the repository root, so every setting has its default");
            return null;
        }

        var configuration = ConfigurationParser.Load(path);
        log.Summary($"configuration: {configuration.File} ({reason})");
        return configuration;
    }

    /// <summary>
    /// A folder under 'clusters' or 'sources' that the repository does not have is a mistake in the
    /// configuration, so it stops the run like any other, with the line that names it.
    /// </summary>
    private static void CheckConfiguredFolders(LintConfiguration? configuration, RepositoryFiles files, RunLog log)
    {
        if (configuration is null)
            return;
        foreach (var cluster in configuration.Clusters)
        {
            var kind = files.GetKind(cluster.Path);
            if (kind == EntryKind.File)
                throw new ConfigurationException(configuration.File, cluster.Position, $"'{cluster.Path}' under 'clusters' is a file, not a folder. Give the folder that the cluster's root Kustomization applies.");
            if (kind != EntryKind.Directory)
                throw new ConfigurationException(configuration.File, cluster.Position, $"The folder '{cluster.Path}' under 'clusters' does not exist in the repository. Give each cluster's folder relative to the repository root.");
        }

        foreach (var source in configuration.Sources)
        {
            if (source.Path.Length > 0 && files.GetKind(source.Path) != EntryKind.Directory)
                throw new ConfigurationException(configuration.File, source.Position, $"The folder '{source.Path}' of the source '{source.Url}' under 'sources' does not exist in the repository.");
            log.Summary($"source '{source.Url}': read from the folder '{(source.Path.Length == 0 ? "." : source.Path)}' (configuration)");
        }

        if (configuration.Knowledge is { } knowledge)
            log.Summary($"knowledge base: the configuration's {Count(knowledge.Charts.Count, "chart")} and {Count(knowledge.ExternalCrdSources.Count, "external CRD source")} come before the built-in entries");
    }

    /// <summary>
    /// Groups of the configuration's assumePresent list count as installed before Flux starts, like
    /// the CRDs of a helmfile bootstrap, so custom resources of these groups need no provider.
    /// </summary>
    private static void AssumePresent(List<Cluster> clusters, IReadOnlyList<string> groups, RunLog log)
    {
        foreach (var group in groups)
        {
            foreach (var cluster in clusters)
                cluster.PreinstalledGroups.TryAdd(group, "configuration");
            log.Note($"assumed present: the CRDs of API group '{group}', listed under assumePresent (configuration)");
        }
    }

    /// <summary>
    /// Applies, in order, the configuration's excludes and rule settings, the suppression comments
    /// and annotations of the files below the lint path, and the baseline.
    /// </summary>
    private static FilteredFindings Filter(List<Finding> findings, IReadOnlyList<SourceFile> loaded, string lintPath, LintOptions options, Func<string, bool> excluded, RunLog log)
    {
        var dropped = new DroppedFindings();
        var configured = ApplyConfiguration(findings, options, excluded, dropped);
        var outcome = Suppressions.Apply(
            configured,
            loaded.Where(file => IsBelow(file.Path, lintPath) && !excluded(file.Path)),
            path => IsBelow(path, lintPath),
            id => !IsOff(options, id));
        List<Finding> reported = [.. outcome.Unsuppressed, .. ApplyConfiguration(outcome.Notes, options, excluded, dropped)];
        reported.Sort(FindingComparer.Instance);
        dropped.Log(options, log);

        foreach (var suppressed in outcome.Suppressed)
        {
            var location = suppressed.Finding.Location;
            log.Note(string.Create(CultureInfo.InvariantCulture, $"suppressed {suppressed.Finding.Rule.Id} at {location.Path}:{location.Line}:{location.Column} ({suppressed.Justification})"));
        }

        if (outcome.Suppressed.Count > 0)
            log.Summary($"suppressions: {Count(outcome.Suppressed.Count, "finding")} suppressed by comments or annotations");

        var baselineMatched = 0;
        var baselineFixed = 0;
        if (options.Baseline is { } baseline)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var finding in reported.Concat(outcome.Suppressed.Select(s => s.Finding)))
            {
                if (baseline.Fingerprints.Contains(finding.Fingerprint))
                    found.Add(finding.Fingerprint);
            }

            baselineMatched = reported.RemoveAll(finding => baseline.Fingerprints.Contains(finding.Fingerprint));

            // An entry counts as fixed only where this run looked for it: below the lint path, not
            // excluded, and of a rule that ran.
            baselineFixed = baseline.Entries.Count(entry =>
                !found.Contains(entry.Fingerprint) && IsBelow(entry.Path, lintPath) && !excluded(entry.Path) && !IsOff(options, entry.Rule));
            log.Summary($"baseline: left out {Count(baselineMatched, "finding")} that the baseline contains");
            log.Summary(FixedEntries(baselineFixed));
        }

        return new FilteredFindings(
            reported,
            [.. outcome.Suppressed.OrderBy(s => s.Finding, FindingComparer.Instance)],
            baselineMatched,
            baselineFixed);
    }

    /// <summary>Drops findings in excluded paths and of rules that are off, and sets the configured levels.</summary>
    private static List<Finding> ApplyConfiguration(IReadOnlyList<Finding> findings, LintOptions options, Func<string, bool> excluded, DroppedFindings dropped)
    {
        var remaining = new List<Finding>();
        foreach (var finding in findings)
        {
            if (excluded(finding.Location.Path))
            {
                dropped.ByPath++;
                continue;
            }

            if (!options.Rules.TryGetValue(finding.Rule.Id, out var setting))
            {
                remaining.Add(finding);
                continue;
            }

            if (setting.ToSeverity() is { } level)
                remaining.Add(finding with { Level = level });
            else
                dropped.ByRule[finding.Rule.Id] = dropped.ByRule.GetValueOrDefault(finding.Rule.Id) + 1;
        }

        return remaining;
    }

    private static bool IsOff(LintOptions options, string ruleId) =>
        options.Rules.TryGetValue(ruleId, out var setting) && setting == RuleSetting.Off;

    private static bool IsBelow(string path, string folder) =>
        folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

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

/// <summary>The findings of a run after the configuration, the suppressions and the baseline.</summary>
internal sealed record FilteredFindings(
    List<Finding> Reported,
    IReadOnlyList<SuppressedFinding> Suppressed,
    int BaselineMatched,
    int BaselineFixed);

/// <summary>Counts of the findings that the configuration dropped, for --verbose.</summary>
internal sealed class DroppedFindings
{
    public int ByPath { get; set; }

    public SortedDictionary<string, int> ByRule { get; } = new(StringComparer.Ordinal);

    public void Log(LintOptions options, RunLog log)
    {
        if (ByPath > 0)
            log.Note($"exclude: dropped {Plural(ByPath)} in excluded paths");
        foreach (var (id, setting) in options.Rules)
        {
            log.Note(setting == RuleSetting.Off
                ? $"rule {id} is off (configuration): dropped {Plural(ByRule.GetValueOrDefault(id))}"
                : $"rule {id} reports at level {setting.ToName()} (configuration)");
        }
    }

    private static string Plural(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} finding{(count == 1 ? "" : "s")}");
}
