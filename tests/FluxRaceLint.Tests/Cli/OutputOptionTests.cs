namespace FluxRaceLint.Tests.Cli;

public sealed class OutputOptionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fluxracelint-tests", Guid.NewGuid().ToString("N"));

    public OutputOptionTests() => Directory.CreateDirectory(_directory);

    private static string Clean => Path.Combine(TestPaths.Testdata, "guide", "ok-three-level");

    [Theory]
    [InlineData("--format", "error: --format needs one of github, json, sarif, text.\n")]
    [InlineData("-f", "error: --format needs one of github, json, sarif, text.\n")]
    [InlineData("--output", "error: --output needs a file name.\n")]
    public void Check_option_without_value_is_a_usage_error(string option, string message)
    {
        var (exitCode, output, error) = TestCli.Run(_directory, "check", Clean, "-f", "json", option);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("check", "-q")]
    [InlineData("check", "--verbose")]
    [InlineData("graph", "-v")]
    [InlineData("baseline", "--debug")]
    public void Option_as_output_file_is_a_usage_error(string command, string option)
    {
        var (exitCode, _, error) = TestCli.Run(_directory, command, Clean, "-o", option);

        exitCode.ShouldBe(2);
        error.ShouldStartWith($"error: --output needs a file name, but '{option}' is an option. To use a file of that name, give './{option}'.\n");
        Directory.GetFileSystemEntries(_directory).ShouldBeEmpty();
    }

    [Fact]
    public void Graph_output_without_value_is_a_usage_error()
    {
        var (exitCode, _, error) = TestCli.Run(_directory, "graph", Clean, "--output");

        exitCode.ShouldBe(2);
        error.ShouldStartWith("error: --output needs a file name.\n");
    }

    [Fact]
    public void Output_under_a_file_is_a_usage_error()
    {
        File.WriteAllText(Path.Combine(_directory, "plain"), "");

        var (exitCode, _, error) = TestCli.Run(_directory, "check", Clean, "-f", "json", "-o", "plain/report.json");

        exitCode.ShouldBe(2);
        error.ShouldContain("'plain/report.json'");
    }

    [Fact]
    public void Unwritable_output_folder_is_a_usage_error()
    {
        // NOTE: root writes into a read-only folder, so under root this test checks nothing.
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
            return;
        var locked = Path.Combine(_directory, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var (exitCode, _, error) = TestCli.Run(_directory, "check", Clean, "-f", "json", "-o", "locked/report.json");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: The --output file 'locked/report.json' cannot be written: Permission denied.\n");
    }

    [Fact]
    public void Output_through_a_link_updates_the_target()
    {
        var target = Path.Combine(_directory, "target.json");
        File.WriteAllText(target, "old");
        var link = Path.Combine(_directory, "link.json");
        File.CreateSymbolicLink(link, "target.json");

        var (exitCode, _, _) = TestCli.Run(_directory, "check", Clean, "-f", "json", "-o", "link.json");

        exitCode.ShouldBe(0);
        new FileInfo(link).LinkTarget.ShouldBe("target.json");
        File.ReadAllText(target).ShouldContain("\"schemaVersion\": 1");
        Directory.GetFileSystemEntries(_directory).Order(StringComparer.Ordinal).ShouldBe([link, target]);
    }

    [Fact]
    public void Output_through_a_dangling_link_creates_the_target()
    {
        var link = Path.Combine(_directory, "link.json");
        File.CreateSymbolicLink(link, "new.json");

        TestCli.Run(_directory, "check", Clean, "-f", "json", "-o", "link.json");

        new FileInfo(link).LinkTarget.ShouldBe("new.json");
        File.ReadAllText(Path.Combine(_directory, "new.json")).ShouldContain("\"schemaVersion\": 1");
    }

    public void Dispose()
    {
        var locked = Path.Combine(_directory, "locked");
        if (!OperatingSystem.IsWindows() && Directory.Exists(locked))
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }
}
