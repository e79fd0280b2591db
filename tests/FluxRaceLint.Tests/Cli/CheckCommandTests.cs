namespace FluxRaceLint.Tests.Cli;

public sealed class CheckCommandTests
{
    private static string Guide(string name) => Path.Combine(TestPaths.Testdata, "guide", name);

    [Fact]
    public void Clean_repository_exits_zero()
    {
        var (exitCode, output, _) = TestCli.Run(Guide("ok-three-level"), "check", ".");

        exitCode.ShouldBe(0);
        output.ShouldBe("No problems found.\n");
    }

    [Fact]
    public void Findings_exit_one()
    {
        var (exitCode, output, _) = TestCli.Run(Guide("fires-two-level"), "check", ".");

        exitCode.ShouldBe(1);
        output.ShouldContain("error FRL003");
    }

    [Fact]
    public void Fail_level_error_ignores_warnings()
    {
        var (exitCode, _, _) = TestCli.Run(Guide("fires-published-values"), "check", ".", "--fail-level", "error");

        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Paths_print_relative_to_current_directory()
    {
        var (_, output, _) = TestCli.Run(TestPaths.Testdata, "check", "guide/fires-two-level");

        output.ShouldStartWith("guide/fires-two-level/infrastructure/external-secrets/deployment-crs.yaml:7:3: error FRL003 ");
    }

    [Fact]
    public void Subfolder_check_reports_the_same_race()
    {
        var (exitCode, output, _) = TestCli.Run(Guide("fires-two-level"), "check", "./infrastructure", "--repo-root", ".");

        exitCode.ShouldBe(1);
        output.ShouldContain("infrastructure/external-secrets/deployment-crs.yaml:7:3: error FRL003");
        output.ShouldContain("warning FRL006");
    }

    [Fact]
    public void Missing_path_is_a_usage_error()
    {
        var (exitCode, output, error) = TestCli.Run(TestPaths.Testdata, "check", "no-such-folder");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("does not exist");
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var (exitCode, _, error) = TestCli.Run(TestPaths.Testdata, "check", ".", "--no-such-option");

        exitCode.ShouldBe(2);
        error.ShouldContain("--no-such-option");
    }

    [Fact]
    public void Bad_fail_level_is_a_usage_error()
    {
        var (exitCode, _, _) = TestCli.Run(TestPaths.Testdata, "check", ".", "--fail-level", "fatal");

        exitCode.ShouldBe(2);
    }

    [Fact]
    public void Output_file_gets_sarif_and_stdout_gets_text()
    {
        var directory = Path.Combine(Path.GetTempPath(), "fluxracelint-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var sarif = Path.Combine(directory, "out.sarif");
        try
        {
            var (exitCode, output, _) = TestCli.Run(Guide("fires-two-level"), "check", ".", "--format", "sarif", "--output", sarif);

            exitCode.ShouldBe(1);
            output.ShouldContain("error FRL003");
            File.ReadAllText(sarif).ShouldContain("\"ruleId\": \"FRL003\"");
            Directory.GetFiles(directory).ShouldBe([sarif]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Two_reports_on_stdout_are_a_usage_error()
    {
        var (exitCode, _, error) = TestCli.Run(Guide("ok-three-level"), "check", ".", "--format", "json", "--format", "sarif");

        exitCode.ShouldBe(2);
        error.ShouldContain("Only one report");
    }

    [Fact]
    public void Verbose_goes_to_standard_error()
    {
        var (_, output, error) = TestCli.Run(Guide("ok-three-level"), "check", ".", "--verbose");

        output.ShouldBe("No problems found.\n");
        error.ShouldContain("verbose: repository root:");
        error.ShouldContain("verbose: cluster 'clusters/demo'");
    }

    [Fact]
    public void Output_is_identical_across_runs()
    {
        var first = TestCli.Run(Guide("fires-two-level"), "check", ".", "--format", "sarif").Output;
        var second = TestCli.Run(Guide("fires-two-level"), "check", ".", "--format", "sarif").Output;

        second.ShouldBe(first);
    }

    [Fact]
    public void Quiet_leaves_out_the_summary()
    {
        var (_, output, _) = TestCli.Run(Guide("fires-two-level"), "check", ".", "--quiet");

        output.ShouldNotContain("Found 2 problems");
        output.ShouldContain("error FRL003");
    }

    [Fact]
    public void Absolute_path_prints_absolute_locations()
    {
        var (_, output, _) = TestCli.Run(TestPaths.Testdata, "check", Guide("fires-two-level"));

        output.ShouldStartWith(Path.Combine(Guide("fires-two-level"), "infrastructure").Replace('\\', '/'));
    }

    [Fact]
    public void Output_before_format_is_a_usage_error()
    {
        var (exitCode, _, error) = TestCli.Run(Guide("ok-three-level"), "check", ".", "--output", "report.txt", "--format", "sarif");

        exitCode.ShouldBe(2);
        error.ShouldContain("comes before any --format");
        File.Exists(Path.Combine(Guide("ok-three-level"), "report.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Output_to_a_folder_is_a_usage_error()
    {
        var (exitCode, _, error) = TestCli.Run(Guide("ok-three-level"), "check", ".", "--format", "sarif", "--output", Path.GetTempPath());

        exitCode.ShouldBe(2);
        error.ShouldContain("is a folder");
    }

    [Fact]
    public void Fail_level_ignores_case()
    {
        var (exitCode, _, _) = TestCli.Run(Guide("fires-published-values"), "check", ".", "--fail-level", "Error");

        exitCode.ShouldBe(0);
    }

    [Fact]
    public void No_command_prints_usage()
    {
        var (_, output, _) = TestCli.Run(TestPaths.Testdata);

        output.ShouldContain("Usage:");
        output.ShouldContain("check");
    }
}
