namespace FluxRaceLint.Tests;

internal static class TestPaths
{
    /// <summary>The project's top folder, found from the test binary by its solution file.</summary>
    public static string ProjectRoot { get; } = FindProjectRoot();

    public static string Testdata => Path.Combine(ProjectRoot, "testdata");

    public static bool UpdateExpected => Environment.GetEnvironmentVariable("FLUXRACELINT_UPDATE_EXPECTED") == "1";

    private static string FindProjectRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxRaceLint.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("FluxRaceLint.sln not found above the test binary.");
    }
}

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class TestCli
{
    public static (int ExitCode, string Output, string Error) Run(string currentDirectory, params string[] args) =>
        Run(FluxRaceLint.Cli.TerminalEnvironment.Redirected, currentDirectory, args);

    /// <summary>Runs the CLI as if standard output and the environment were <paramref name="terminal"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(FluxRaceLint.Cli.TerminalEnvironment terminal, string currentDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = FluxRaceLint.Cli.CommandLine.Run(args, output, error, currentDirectory, terminal);
        return (exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>Writes a small repository into a temporary folder for one test, and deletes it after.</summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "fluxracelint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public TempRepository With(string path, string content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TempRepository WithBytes(string path, byte[] content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return this;
    }

    public LintResult Lint(string path = ".") =>
        Linter.Run(new LintOptions { Path = Path.Combine(Root, path), RepositoryRoot = Root });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
