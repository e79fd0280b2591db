using System.Diagnostics;
using System.Security.Cryptography;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// A valid Flux Kustomization whose dependsOn names a Kustomization that does not exist, so every
/// hostile repository also has one FRL007 finding that must survive the hostile files.
/// </summary>
internal static class Racy
{
    public const string Path = "racy/web.yaml";

    public const string Kustomization = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: web
          namespace: flux-system
        spec:
          dependsOn:
            - name: database
          interval: 10m
          retryInterval: 1m
          path: ./apps/web
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system

        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          namespace: default
        data:
          greeting: hello

        """;

    /// <summary>Adds the racy Kustomization and the folder it applies.</summary>
    public static TempRepository WithRacy(this TempRepository repository) =>
        repository.With(Path, Kustomization).With("apps/web/configmap.yaml", ConfigMap);
}

/// <summary>What one hostile repository gave through the library, the in-process CLI and the CLI process.</summary>
internal sealed record HostileOutcome(LintResult Result, int ExitCode, string Output, string Error);

/// <summary>
/// Runs the linter on a hostile repository with a time limit and checks what must hold for any
/// input: nothing throws, the CLI exits with 0 or 1, the repository is left unchanged and the racy
/// Kustomization's FRL007 finding is still reported.
/// </summary>
internal static class Hostile
{
    /// <summary>Time one run may take before the test fails as a hang.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Stack of the thread that runs the library, the size of a Linux main thread (ulimit -s 8192).</summary>
    private const int StackBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Runs the CLI as a separate process first, so that a stack overflow or a crash fails this test
    /// instead of ending the test host, then the library and the CLI in-process.
    /// </summary>
    public static HostileOutcome Check(TempRepository repository, LintOptions? options = null)
    {
        var before = Snapshot(repository.Root);

        var process = RunProcess(repository.Root, "check", ".", "--repo-root", repository.Root);
        process.ExitCode.ShouldBeOneOf([0, 1], $"the CLI process exited with {process.ExitCode}; stderr:\n{process.Error}");

        var result = Lint(repository, options);
        ShouldReportRacy(result);

        var (exitCode, output, error) = RunCli(repository.Root, "check", ".", "--repo-root", repository.Root);
        exitCode.ShouldBeOneOf([0, 1], $"the CLI exited with {exitCode}; stderr:\n{error}");
        error.ShouldNotContain("fluxracelint failed");
        output.ShouldContain($"{Racy.Path}:8:7: error FRL007");
        process.Output.ShouldBe(output, "the CLI process and the in-process CLI printed different reports");

        Snapshot(repository.Root).ShouldBe(before, "the run changed the repository");
        return new HostileOutcome(result, exitCode, output, error);
    }

    /// <summary>Runs the library on its own thread and fails the test when it throws or passes <see cref="TimeLimit"/>.</summary>
    public static LintResult Lint(TempRepository repository, LintOptions? options = null)
    {
        var effective = (options ?? new LintOptions { Path = repository.Root }) with { RepositoryRoot = repository.Root };
        return Guarded(() => Linter.Run(effective), "Linter.Run");
    }

    /// <summary>Runs the CLI in-process under the time limit.</summary>
    public static (int ExitCode, string Output, string Error) RunCli(string currentDirectory, params string[] args) =>
        Guarded(
            () =>
            {
                using var output = new StringWriter();
                using var error = new StringWriter();
                var exitCode = global::FluxRaceLint.Cli.CommandLine.Run(args, output, error, currentDirectory);
                return (exitCode, output.ToString(), error.ToString());
            },
            "the in-process CLI");

    /// <summary>
    /// A private copy of the CLI taken when this test run first starts one, so that a rebuild of the
    /// solution while the tests run does not give the child process other code than the test host.
    /// </summary>
    private static readonly Lazy<string> CliCopy = new(CopyCli, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Copies the CLI into a folder named by the hash of its assemblies, so that test runs of the same
    /// build share one copy instead of leaving one each.
    /// </summary>
    private static string CopyCli()
    {
        var source = AppContext.BaseDirectory;
        File.Exists(System.IO.Path.Combine(source, "fluxracelint.dll")).ShouldBeTrue($"the CLI is not built beside the tests in {source}");
        var files = Directory.EnumerateFiles(source, "*.dll").Concat(Directory.EnumerateFiles(source, "fluxracelint.*.json")).Order(StringComparer.Ordinal).ToList();
        var bytes = files.Where(f => System.IO.Path.GetFileName(f).StartsWith("fluxracelint", StringComparison.OrdinalIgnoreCase)).SelectMany(File.ReadAllBytes).ToArray();
        var parent = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fluxracelint-hostile-cli");
        var copy = System.IO.Path.Combine(parent, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        if (Directory.Exists(copy))
            return copy;

        // Another test run may copy the same build at the same time, so each copies aside and renames.
        var staging = System.IO.Path.Combine(parent, "staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        foreach (var file in files)
            File.Copy(file, System.IO.Path.Combine(staging, System.IO.Path.GetFileName(file)));
        try
        {
            Directory.Move(staging, copy);
        }
        catch (IOException)
        {
            Directory.Delete(staging, recursive: true);
        }

        return copy;
    }

    /// <summary>Runs the built CLI as a child process, killed when it passes the time limit.</summary>
    public static (int ExitCode, string Output, string Error) RunProcess(string currentDirectory, params string[] args)
    {
        var dll = System.IO.Path.Combine(CliCopy.Value, "fluxracelint.dll");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = currentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeLimit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"the CLI process took more than {TimeLimit.TotalSeconds} s on '{currentDirectory}'");
        }

        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public static void ShouldReportRacy(LintResult result) =>
        result.Findings.ShouldContain(
            f => f.Rule.Id == RuleCatalog.DependsOnTargetInvalid.Id && f.Location.Path == Racy.Path && f.Location.Line == 8,
            $"the FRL007 finding of {Racy.Path} is missing; findings:\n{Describe(result)}");

    /// <summary>Returns the FRL000 findings of one file, failing when there are none.</summary>
    public static List<Finding> ShouldHaveInputFinding(this LintResult result, string path, Severity? level = null)
    {
        var found = result.Findings
            .Where(f => f.Rule.Id == RuleCatalog.InvalidManifest.Id && f.Location.Path == path && (level is null || f.Level == level))
            .ToList();
        found.ShouldNotBeEmpty($"no FRL000{(level is null ? "" : " " + level.Value.ToName())} finding for '{path}'; findings:\n{Describe(result)}");
        foreach (var finding in found)
        {
            finding.Location.Line.ShouldBeGreaterThanOrEqualTo(1);
            finding.Location.Column.ShouldBeGreaterThanOrEqualTo(1);
        }

        return found;
    }

    /// <summary>Fails when the file has a finding of another rule than <paramref name="except"/>.</summary>
    public static void ShouldHaveNoFindingFor(this LintResult result, string path, string? except = null) =>
        result.Findings.Where(f => f.Location.Path == path && f.Rule.Id != except).ShouldBeEmpty($"findings:\n{Describe(result)}");

    /// <summary>Fails unless a --verbose line names the file and contains the text.</summary>
    public static void ShouldHaveNote(this LintResult result, string path, string text) =>
        result.VerboseMessages.ShouldContain(
            line => line.Contains($"'{path}'", StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal),
            $"no verbose note on '{path}' with '{text}'; notes:\n{string.Join('\n', result.VerboseMessages)}");

    public static string Describe(LintResult result) =>
        string.Join('\n', result.Findings.Select(f => $"{f.Location.Path}:{f.Location.Line}:{f.Location.Column}: {f.Level.ToName()} {f.Rule.Id} {f.Message}"));

    /// <summary>Every entry below a folder with its kind, size and content hash, links not followed.</summary>
    public static List<string> Snapshot(string root)
    {
        var entries = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = new DirectoryInfo(directory).EnumerateFileSystemInfos().ToList();
            }
            catch (UnauthorizedAccessException)
            {
                entries.Add($"{directory} unlisted");
                continue;
            }

            foreach (var entry in children)
            {
                var relative = System.IO.Path.GetRelativePath(root, entry.FullName);
                if (entry.LinkTarget is { } target)
                    entries.Add($"{relative} -> {target}");
                else if (entry is DirectoryInfo)
                    pending.Push(entry.FullName);
                else if (entry is FileInfo { Length: > 0 } file && (file.UnixFileMode & UnixFileMode.UserRead) != 0)
                    entries.Add($"{relative} {file.Length} {Hash(file.FullName)}");
                else
                    // Empty files are not opened, so a named pipe never blocks the snapshot.
                    entries.Add($"{relative} {((FileInfo)entry).Length} {entry.UnixFileMode}");
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } current && System.IO.Path.GetFileNameWithoutExtension(current) == "dotnet"
                ? current
                : "dotnet";

    private static T Guarded<T>(Func<T> work, string what)
    {
        T? value = default;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    value = work();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            StackBytes)
        {
            IsBackground = true,
        };
        thread.Start();
        if (!thread.Join(TimeLimit))
            Assert.Fail($"{what} took more than {TimeLimit.TotalSeconds} s");
        if (failure is not null)
            Assert.Fail($"{what} threw {failure}");
        return value!;
    }
}
