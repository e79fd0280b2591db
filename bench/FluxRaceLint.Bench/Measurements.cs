using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace FluxRaceLint.Bench;

/// <summary>One mode measured in one process: the best wall time, the phases, GC pauses and allocations of that run, and the process's peak working set.</summary>
internal sealed record ModeResult(string Mode, int Documents, double BestMilliseconds, long PeakWorkingSetBytes, int Findings, double LoadMilliseconds, double GraphMilliseconds, double RulesMilliseconds, long Events, double GcPauseMilliseconds, long AllocatedBytes)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Formats the result as the one line a child process prints for its parent.</summary>
    public string ToLine() => string.Create(Invariant, $"RESULT mode={Mode} documents={Documents} best_ms={BestMilliseconds:F1} peak_bytes={PeakWorkingSetBytes} findings={Findings} load_ms={LoadMilliseconds:F0} graph_ms={GraphMilliseconds:F0} rules_ms={RulesMilliseconds:F0} events={Events} gc_pause_ms={GcPauseMilliseconds:F0} allocated_bytes={AllocatedBytes}");

    public static ModeResult Parse(string line)
    {
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        double Number(string key) => double.Parse(values[key], Invariant);
        return new ModeResult(
            values["mode"],
            (int)Number("documents"),
            Number("best_ms"),
            long.Parse(values["peak_bytes"], Invariant),
            (int)Number("findings"),
            Number("load_ms"),
            Number("graph_ms"),
            Number("rules_ms"),
            long.Parse(values["events"], Invariant),
            Number("gc_pause_ms"),
            long.Parse(values["allocated_bytes"], Invariant));
    }
}

/// <summary>
/// The two measured workloads: a full <c>check</c> through <see cref="Linter.Run"/>, and the floor that
/// only reads the same files and pulls YamlDotNet parser events from them, with no model and no rules.
/// </summary>
internal static partial class Measurements
{
    /// <summary>Runs <paramref name="mode"/> once to warm up and <paramref name="runs"/> times more, and keeps the fastest.</summary>
    public static ModeResult Measure(string mode, string repository, int documents, int runs)
    {
        Func<(int Findings, double Load, double Graph, double Rules, long Events)> workload = mode switch
        {
            "check" => () => Check(repository),
            "parse" => () => (0, 0, 0, 0, ParseOnly(repository)),
            _ => throw new ArgumentException($"Unknown mode '{mode}'; use check or parse.", nameof(mode)),
        };

        workload();
        var best = double.MaxValue;
        (int Findings, double Load, double Graph, double Rules, long Events) bestRun = default;
        double bestPause = 0;
        long bestAllocated = 0;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var pauseBefore = GC.GetTotalPauseDuration();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            var outcome = workload();
            var elapsed = stopwatch.Elapsed.TotalMilliseconds;
            if (elapsed < best)
            {
                best = elapsed;
                bestRun = outcome;
                bestPause = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
                bestAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            }
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ModeResult(mode, documents, best, process.PeakWorkingSet64, bestRun.Findings, bestRun.Load, bestRun.Graph, bestRun.Rules, bestRun.Events, bestPause, bestAllocated);
    }

    private static (int Findings, double Load, double Graph, double Rules, long Events) Check(string repository)
    {
        var result = Linter.Run(new LintOptions { Path = repository, RepositoryRoot = repository });
        double load = 0, graph = 0, rules = 0;
        foreach (var line in result.VerboseMessages)
        {
            var match = PhaseLine().Match(line);
            if (!match.Success)
                continue;
            load = double.Parse(match.Groups["load"].Value, CultureInfo.InvariantCulture);
            graph = double.Parse(match.Groups["graph"].Value, CultureInfo.InvariantCulture);
            rules = double.Parse(match.Groups["rules"].Value, CultureInfo.InvariantCulture);
        }

        return (result.Findings.Count, load, graph, rules, 0);
    }

    /// <summary>
    /// Lists the YAML files outside the .git and .github folders (the only default exclusions of the
    /// linter that occur in a generated repository), reads and decodes each one, and pulls every
    /// parser event. It runs on the thread pool with the default degree of parallelism, as the
    /// linter does with <see cref="LintOptions.Parallel"/>.
    /// </summary>
    public static long ParseOnly(string repository)
    {
        var files = YamlFiles(repository);
        long events = 0;
        var encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        Parallel.ForEach(files, path =>
        {
            var bytes = File.ReadAllBytes(path);
            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var parser = new Parser(new StringReader(encoding.GetString(bytes, offset, bytes.Length - offset)));
            long count = 0;
            while (parser.MoveNext())
                count++;
            Interlocked.Add(ref events, count);
        });
        return events;
    }

    private static List<string> YamlFiles(string repository)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(repository);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo)
                {
                    if (entry.Name is not (".git" or ".github"))
                        pending.Push(entry.FullName);
                }
                else if (entry.Name.EndsWith(".yaml", StringComparison.Ordinal) || entry.Name.EndsWith(".yml", StringComparison.Ordinal))
                {
                    files.Add(entry.FullName);
                }
            }
        }

        return files;
    }

    /// <summary>Times whole runs of the NativeAOT binary on a fixture: one warm-up, then <paramref name="runs"/> timed runs.</summary>
    public static (double Median, double Min, double Max, int ExitCode) TimeProcess(string executable, string fixture, int runs)
    {
        var times = new List<double>();
        var exitCode = RunOnce(executable, fixture).ExitCode;
        for (var run = 0; run < runs; run++)
            times.Add(RunOnce(executable, fixture).Milliseconds);
        times.Sort();
        var median = runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
        return (median, times[0], times[^1], exitCode);
    }

    private static (double Milliseconds, int ExitCode) RunOnce(string executable, string fixture)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = fixture,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add(".");
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        Task.WaitAll(output, error);
        return (elapsed, process.ExitCode);
    }

    [GeneratedRegex(@"in (?<load>\d+) ms; built \d+ cluster graph\(s\) in (?<graph>\d+) ms; checked in (?<rules>\d+) ms")]
    private static partial Regex PhaseLine();
}
