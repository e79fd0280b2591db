using System.Diagnostics;
using System.Runtime.Versioning;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Symbolic links, named pipes and unreadable files. A link that leaves the repository must never be
/// followed. Where it leads to a named pipe, opening it would block, so a read turns into a timeout.
/// </summary>
/// <remarks>Named pipes, file modes and these links are POSIX features, so the class does not run on Windows.</remarks>
[UnsupportedOSPlatform("windows")]
public sealed class FileSystemTests : IDisposable
{
    /// <summary>A Kustomization that would give an FRL007 finding naming 'outside-only' if it were read.</summary>
    private static readonly string OutsideKustomization = Racy.Kustomization
        .Replace("name: web", "name: outside", StringComparison.Ordinal)
        .Replace("name: database", "name: outside-only", StringComparison.Ordinal);

    private readonly string _outside = Path.Combine(Path.GetTempPath(), "fluxracelint-hostile-outside", Guid.NewGuid().ToString("N"));

    private readonly List<string> _pipes = [];

    public FileSystemTests()
    {
        Directory.CreateDirectory(_outside);
    }

    public void Dispose()
    {
        foreach (var pipe in _pipes)
            ReleasePipe(pipe);
        try
        {
            Directory.Delete(_outside, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static void Link(TempRepository repository, string path, string target)
    {
        var full = Path.Combine(repository.Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.CreateSymbolicLink(full, target);
    }

    /// <summary>Creates a named pipe with mkfifo(1); opening it for reading blocks until a writer opens it.</summary>
    private string Pipe(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { path }, UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0, "mkfifo failed");
        _pipes.Add(path);
        return path;
    }

    /// <summary>Opens the pipe for reading and writing, which never blocks on Linux, so a blocked reader sees end of file.</summary>
    private static void ReleasePipe(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The pipe is already gone.
        }
    }

    private static void ShouldNotHaveReadOutside(HostileOutcome outcome)
    {
        outcome.Result.Findings.ShouldNotContain(f => f.Message.Contains("outside-only"), Hostile.Describe(outcome.Result));
        outcome.Output.ShouldNotContain("outside-only");
    }

    [Fact]
    public void Link_loop_is_skipped_with_a_note()
    {
        using var repository = new TempRepository().WithRacy();
        Link(repository, "bad/one.yaml", "two.yaml");
        Link(repository, "bad/two.yaml", "one.yaml");
        Link(repository, "bad/self.yaml", "self.yaml");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNote("bad/one.yaml", "loops or cannot be resolved");
        outcome.Result.ShouldHaveNote("bad/self.yaml", "loops or cannot be resolved");
    }

    [Fact]
    public void Folder_link_to_parent_not_followed()
    {
        using var repository = new TempRepository().WithRacy();
        Link(repository, "bad/again", ".");
        Link(repository, "bad/root", "../..");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNote("bad/again", "links to folders are not followed");
        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path.StartsWith("bad/", StringComparison.Ordinal));
    }

    [Fact]
    public void Link_to_a_file_outside_is_not_followed()
    {
        File.WriteAllText(Path.Combine(_outside, "secret.yaml"), OutsideKustomization);
        using var repository = new TempRepository().WithRacy();
        Link(repository, "bad/absolute.yaml", Path.Combine(_outside, "secret.yaml"));
        Link(repository, "bad/relative.yaml", Path.GetRelativePath(Path.Combine(repository.Root, "bad"), Path.Combine(_outside, "secret.yaml")));

        var outcome = Hostile.Check(repository);

        ShouldNotHaveReadOutside(outcome);
        outcome.Result.ShouldHaveNote("bad/absolute.yaml", "outside the repository");
        outcome.Result.ShouldHaveNote("bad/relative.yaml", "outside the repository");
    }

    [Fact]
    public void Link_to_a_pipe_outside_is_never_opened()
    {
        var pipe = Pipe(Path.Combine(_outside, "pipe.yaml"));
        using var repository = new TempRepository().WithRacy();
        Link(repository, "bad/pipe.yaml", pipe);

        Hostile.Check(repository).Result.ShouldHaveNote("bad/pipe.yaml", "outside the repository");
    }

    [Fact]
    public void Link_to_a_folder_outside_is_not_followed()
    {
        File.WriteAllText(Path.Combine(_outside, "secret.yaml"), OutsideKustomization);
        Pipe(Path.Combine(_outside, "pipe.yaml"));
        using var repository = new TempRepository().WithRacy()
            .With("clusters/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - outside\n");
        Link(repository, "clusters/outside", _outside);

        var outcome = Hostile.Check(repository);

        ShouldNotHaveReadOutside(outcome);
        outcome.Result.ShouldHaveNote("clusters/outside", "links to folders are not followed");
    }

    [Fact]
    public void Resource_link_outside_is_an_error()
    {
        File.WriteAllText(Path.Combine(_outside, "secret.yaml"), OutsideKustomization);
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap.yaml\n  - secret.yaml\n");
        Link(repository, "apps/web/secret.yaml", Path.Combine(_outside, "secret.yaml"));

        var outcome = Hostile.Check(repository);

        ShouldNotHaveReadOutside(outcome);
        outcome.Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error).Single().Location.Line.ShouldBe(5);
    }

    [Fact]
    public void Resource_through_a_folder_link_outside_is_not_read()
    {
        // The link itself is left out of its folder's listing, but a path through it must be refused too.
        File.WriteAllText(Path.Combine(_outside, "secret.yaml"), OutsideKustomization);
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - configmap.yaml\n  - outside/secret.yaml\n");
        Link(repository, "apps/web/outside", _outside);

        var outcome = Hostile.Check(repository);

        ShouldNotHaveReadOutside(outcome);
        outcome.Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error).Single().Location.Line.ShouldBe(5);
    }

    [Fact]
    public void Spec_path_through_a_folder_link_outside_is_not_built()
    {
        Directory.CreateDirectory(Path.Combine(_outside, "inner"));
        File.WriteAllText(Path.Combine(_outside, "inner", "secret.yaml"), OutsideKustomization);
        var kustomization = Racy.Kustomization.Replace("name: web", "name: through", StringComparison.Ordinal)
            .Replace("path: ./apps/web", "path: ./racy/outside/inner", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy().With("racy/through.yaml", kustomization);
        Link(repository, "racy/outside", _outside);

        ShouldNotHaveReadOutside(Hostile.Check(repository));
    }

    [Fact]
    public void Link_to_a_file_inside_is_followed()
    {
        using var repository = new TempRepository().WithRacy();
        Link(repository, "racy/again.yaml", "web.yaml");

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.Count(f => f.Rule.Id == "FRL007").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Dangling_link_is_skipped_with_a_note()
    {
        using var repository = new TempRepository().WithRacy();
        Link(repository, "bad/dangling.yaml", "missing.yaml");

        Hostile.Check(repository).Result.ShouldHaveNote("bad/dangling.yaml", "does not exist");
    }

    [Fact]
    public void Named_pipe_inside_does_not_block()
    {
        // Git stores no named pipes, but a work tree can hold one, and opening it blocks until a writer comes.
        using var repository = new TempRepository().WithRacy();
        Pipe(Path.Combine(repository.Root, "bad/pipe.yaml"));

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.Concat(outcome.Result.Findings.Select(f => f.Location.Path))
            .ShouldContain(line => line.Contains("bad/pipe.yaml"), "the pipe should be skipped with a note or an FRL000 finding");
    }

    [Fact]
    public void Named_pipe_does_not_block_root_inference()
    {
        // Without --repo-root the root is inferred by reading the YAML files below the path.
        using var repository = new TempRepository().WithRacy();
        Pipe(Path.Combine(repository.Root, "bad/pipe.yaml"));

        var (exitCode, _, error) = Hostile.RunProcess(repository.Root, "check", ".");

        exitCode.ShouldBeOneOf([0, 1], error);
    }

    [Fact]
    public void Named_pipe_as_ignore_file()
    {
        using var repository = new TempRepository().WithRacy();
        Pipe(Path.Combine(repository.Root, "racy/.sourceignore"));

        Hostile.Check(repository);
    }

    [Fact]
    public void Git_config_link_to_outside_pipe()
    {
        var pipe = Pipe(Path.Combine(_outside, "config"));
        using var repository = new TempRepository().WithRacy();
        Directory.CreateDirectory(Path.Combine(repository.Root, ".git"));
        Link(repository, ".git/config", pipe);

        Hostile.Check(repository);
    }

    [Fact]
    public void Git_config_link_outside_is_not_read()
    {
        File.WriteAllText(Path.Combine(_outside, "config"), "[remote \"origin\"]\n\turl = https://example.invalid/outside-only.git\n");
        using var repository = new TempRepository().WithRacy();
        Directory.CreateDirectory(Path.Combine(repository.Root, ".git"));
        Link(repository, ".git/config", Path.Combine(_outside, "config"));

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldNotContain(line => line.Contains("outside-only"), string.Join('\n', outcome.Result.VerboseMessages));
    }

    [Fact]
    public void Unreadable_file_is_read_by_root_or_reported()
    {
        using var repository = new TempRepository().WithRacy().With("bad/locked.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [locked\n");
        var path = Path.Combine(repository.Root, "bad/locked.yaml");
        File.SetUnixFileMode(path, UnixFileMode.None);
        var readable = CanRead(path);

        try
        {
            var finding = Hostile.Check(repository).Result.ShouldHaveInputFinding("bad/locked.yaml", Severity.Error).Single();

            // Root reads a file of mode 000 (CAP_DAC_OVERRIDE), so there the syntax error is what is reported.
            finding.Message.ShouldContain(readable ? "The YAML is invalid" : "cannot be read");
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public void Unlistable_folder_is_read_by_root_or_noted()
    {
        using var repository = new TempRepository().WithRacy().With("bad/locked/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [locked\n");
        var folder = Path.Combine(repository.Root, "bad/locked");
        File.SetUnixFileMode(folder, UnixFileMode.None);
        var listable = CanList(folder);

        try
        {
            var outcome = Hostile.Check(repository);

            if (listable)
                outcome.Result.ShouldHaveInputFinding("bad/locked/config.yaml", Severity.Error);
            else
                outcome.Result.ShouldHaveNote("bad/locked", "cannot be listed");
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool CanRead(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool CanList(string path)
    {
        try
        {
            Directory.GetFileSystemEntries(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
