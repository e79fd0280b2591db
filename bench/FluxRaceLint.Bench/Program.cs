using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FluxRaceLint.Bench;

/// <summary>
/// Benchmarks <c>check</c> on synthetic Flux monorepos and the NativeAOT binary on the guide example.
/// </summary>
/// <remarks>
/// Usage:
///   FluxRaceLint.Bench [--sizes 1000,10000,50000] [--runs 3] [--aot-exe PATH] [--aot-runs 20] [--root DIR]
///     generates one repository per size, measures each mode in a child process, and prints a Markdown report.
///   FluxRaceLint.Bench --size N --mode check|parse [--repo DIR] [--runs 3]
///     measures one mode in this process and prints one RESULT line; without --repo it generates one first.
///   FluxRaceLint.Bench --generate DIR --size N
///     only writes the repository, for profiling with the CLI.
/// </remarks>
internal static class Program
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Main(string[] args)
    {
        try
        {
            var options = ParseArguments(args);
            if (options.TryGetValue("generate", out var target))
            {
                var generated = MonorepoGenerator.Generate(Path.GetFullPath(target), Size(options));
                Console.WriteLine(Describe(generated));
                return 0;
            }

            if (options.TryGetValue("mode", out var mode))
                return RunChild(options, mode);
            return RunAll(options);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }
    }

    private static Dictionary<string, string> ParseArguments(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value' pairs, got '{args[i]}'.", nameof(args));
            options[args[i][2..]] = args[++i];
        }

        return options;
    }

    private static int Size(Dictionary<string, string> options) =>
        options.TryGetValue("size", out var size) ? int.Parse(size, Invariant) : throw new ArgumentException("--size N is required.", nameof(options));

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, Invariant) : fallback;

    private static string Describe(GeneratedRepository repository) =>
        string.Create(Invariant, $"{repository.Root}: {repository.Documents} documents in {repository.Files} files ({repository.Bytes / 1024.0 / 1024.0:F1} MiB), {repository.Clusters} clusters, {repository.Apps} apps");

    private static int RunChild(Dictionary<string, string> options, string mode)
    {
        var size = Size(options);
        var runs = Int(options, "runs", 3);
        string repository;
        DirectoryInfo? temporary = null;
        if (options.TryGetValue("repo", out var given))
        {
            repository = Path.GetFullPath(given);
        }
        else
        {
            temporary = Directory.CreateTempSubdirectory("fluxracelint-bench-");
            repository = temporary.FullName;
            MonorepoGenerator.Generate(repository, size);
        }

        try
        {
            Console.WriteLine(Measurements.Measure(mode, repository, size, runs).ToLine());
        }
        finally
        {
            temporary?.Delete(recursive: true);
        }

        return 0;
    }

    private static int RunAll(Dictionary<string, string> options)
    {
        var sizes = (options.GetValueOrDefault("sizes") ?? "1000,10000,50000").Split(',').Select(s => int.Parse(s, Invariant)).ToList();
        var runs = Int(options, "runs", 3);
        var rows = new List<(GeneratedRepository Repository, ModeResult Check, ModeResult Parse)>();
        foreach (var size in sizes)
        {
            var directory = Directory.CreateTempSubdirectory("fluxracelint-bench-");
            try
            {
                var repository = MonorepoGenerator.Generate(directory.FullName, size);
                Console.Error.WriteLine($"generated {Describe(repository)}");
                var check = RunInChild(size, "check", repository.Root, runs);
                Console.Error.WriteLine(string.Create(Invariant, $"  check: best {check.BestMilliseconds:F0} ms, peak {check.PeakWorkingSetBytes / 1048576.0:F0} MiB, {check.Findings} findings"));
                var parse = RunInChild(size, "parse", repository.Root, runs);
                Console.Error.WriteLine(string.Create(Invariant, $"  parse-only floor: best {parse.BestMilliseconds:F0} ms, peak {parse.PeakWorkingSetBytes / 1048576.0:F0} MiB"));
                rows.Add((repository, check, parse));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        var aot = new List<(string Fixture, double Median, double Min, double Max, int ExitCode)>();
        if (options.TryGetValue("aot-exe", out var executable))
        {
            var root = options.GetValueOrDefault("root") ?? FindProjectRoot();
            var aotRuns = Int(options, "aot-runs", 20);
            foreach (var fixture in new[] { "testdata/guide/ok-three-level", "testdata/guide/fires-two-level" })
            {
                var (median, min, max, exitCode) = Measurements.TimeProcess(Path.GetFullPath(executable), Path.Combine(root, fixture), aotRuns);
                Console.Error.WriteLine(string.Create(Invariant, $"NativeAOT on {fixture}: median {median:F1} ms (exit {exitCode})"));
                aot.Add((fixture, median, min, max, exitCode));
            }
        }

        Console.WriteLine(Report(rows, aot, runs, Int(options, "aot-runs", 20)));
        return 0;
    }

    private static ModeResult RunInChild(int size, string mode, string repository, int runs)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of the bench binary is unknown.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under 'dotnet FluxRaceLint.Bench.dll' the process is the dotnet host, which needs the assembly.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var argument in new[] { "--size", size.ToString(Invariant), "--mode", mode, "--repo", repository, "--runs", runs.ToString(Invariant) })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{self}'.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The child process for --size {size} --mode {mode} exited with code {process.ExitCode} and printed: {output}");
        return ModeResult.Parse(line);
    }

    private static string FindProjectRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxRaceLint.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("FluxRaceLint.sln not found above the bench binary; pass --root DIR.");
    }

    private static string Report(List<(GeneratedRepository Repository, ModeResult Check, ModeResult Parse)> rows, List<(string Fixture, double Median, double Min, double Max, int ExitCode)> aot, int runs, int aotRuns)
    {
        const double MiB = 1024 * 1024;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Full check in-process (`Linter.Run`, default `Parallel = true`, {Environment.ProcessorCount} threads), best of {runs} after a warm-up; each mode in a fresh child process.");
        text.AppendLine();
        text.AppendLine("| Manifests | Files | Clusters | Check (ms) | Manifests/s | Load / graph / rules (ms) | GC pause (ms) | Allocated (MiB) | Parse-only floor (ms) | Floor allocated (MiB) | Check / floor | Peak WS check (MiB) | Peak WS floor (MiB) | Findings |");
        text.AppendLine("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (repository, check, parse) in rows)
        {
            text.AppendLine(Invariant, $"| {repository.Documents:N0} | {repository.Files:N0} | {repository.Clusters} | {check.BestMilliseconds:F0} | {repository.Documents / (check.BestMilliseconds / 1000):N0} | {check.LoadMilliseconds:F0} / {check.GraphMilliseconds:F0} / {check.RulesMilliseconds:F0} | {check.GcPauseMilliseconds:F0} | {check.AllocatedBytes / MiB:F0} | {parse.BestMilliseconds:F0} | {parse.AllocatedBytes / MiB:F0} | {check.BestMilliseconds / parse.BestMilliseconds:F2} | {check.PeakWorkingSetBytes / MiB:F0} | {parse.PeakWorkingSetBytes / MiB:F0} | {check.Findings} |");
        }

        text.AppendLine();
        text.AppendLine("Scaling of the check time (exponent k in time ~ size^k between neighbouring sizes; 1.0 is linear):");
        text.AppendLine();
        text.AppendLine("| From | To | µs per manifest (from → to) | k (check) | k (floor) |");
        text.AppendLine("|---:|---:|---|---:|---:|");
        for (var i = 1; i < rows.Count; i++)
        {
            var (a, b) = (rows[i - 1], rows[i]);
            var sizeRatio = Math.Log((double)b.Repository.Documents / a.Repository.Documents);
            var checkExponent = Math.Log(b.Check.BestMilliseconds / a.Check.BestMilliseconds) / sizeRatio;
            var floorExponent = Math.Log(b.Parse.BestMilliseconds / a.Parse.BestMilliseconds) / sizeRatio;
            text.AppendLine(Invariant, $"| {a.Repository.Documents:N0} | {b.Repository.Documents:N0} | {a.Check.BestMilliseconds * 1000 / a.Repository.Documents:F1} → {b.Check.BestMilliseconds * 1000 / b.Repository.Documents:F1} | {checkExponent:F2} | {floorExponent:F2} |");
        }

        if (aot.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Invariant, $"NativeAOT binary, wall time of the whole process (`fluxracelint check .` in the fixture), {aotRuns} runs after a warm-up:");
            text.AppendLine();
            text.AppendLine("| Fixture | Median (ms) | Min (ms) | Max (ms) | Exit code |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var (fixture, median, min, max, exitCode) in aot)
                text.AppendLine(Invariant, $"| {fixture} | {median:F1} | {min:F1} | {max:F1} | {exitCode} |");
        }

        text.AppendLine();
        text.AppendLine("Targets:");
        text.AppendLine();
        foreach (var (repository, check, parse) in rows)
        {
            var ratio = check.BestMilliseconds / parse.BestMilliseconds;
            text.AppendLine(Invariant, $"- check within 1.3 × the parse-only floor at {repository.Documents:N0}: {(ratio <= 1.3 ? "met" : "missed")} ({ratio:F2} ×)");
        }

        if (rows.Count >= 2)
        {
            var (first, last) = (rows[0], rows[^1]);
            var exponent = Math.Log(last.Check.BestMilliseconds / first.Check.BestMilliseconds) / Math.Log((double)last.Repository.Documents / first.Repository.Documents);
            text.AppendLine(Invariant, $"- time linear in size (k ≤ 1.1 from {first.Repository.Documents:N0} to {last.Repository.Documents:N0}): {(exponent <= 1.1 ? "met" : "missed")} (k = {exponent:F2})");
        }

        if (rows.Find(r => r.Repository.Documents == 50_000) is { Repository: not null } largest)
            text.AppendLine(Invariant, $"- peak working set under 1 GB at 50,000 manifests: {(largest.Check.PeakWorkingSetBytes < 1_000_000_000 ? "met" : "missed")} ({largest.Check.PeakWorkingSetBytes / MiB:F0} MiB)");
        foreach (var (fixture, median, _, _, _) in aot)
            text.AppendLine(Invariant, $"- NativeAOT under 50 ms on {fixture}: {(median < 50 ? "met" : "missed")} ({median:F1} ms median)");
        return text.ToString();
    }
}
