using System.Text.Json;
using FluxRaceLint.Suppression;

namespace FluxRaceLint.Tests.Configuration;

public sealed class BaselineTests
{
    private const string Fixture = "fires-invalid-yaml";

    [Fact]
    public void Baseline_records_findings_sorted()
    {
        using var repository = CaseCopies.Copy(Fixture);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "baseline", ".", "--output", "findings.json");

        error.ShouldBeEmpty();
        exitCode.ShouldBe(0);
        output.ShouldBe("Wrote 3 entries to findings.json.\n");
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(repository.Root, "findings.json")));
        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["schemaVersion", "tool", "entries"]);
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("path").GetString()).ShouldBe(["apps/web/service.yaml", "clusters/demo/jobs.yaml", "clusters/demo/web.yaml"]);
        entries.Select(e => e.GetProperty("rule").GetString()).ShouldBe(["FRL000", "FRL000", "FRL007"]);
        entries[0].EnumerateObject().Select(p => p.Name).ShouldBe(["fingerprint", "rule", "path", "message"]);
        var fingerprints = repository.Lint().Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal);
        entries.Select(e => e.GetProperty("fingerprint").GetString()).Order(StringComparer.Ordinal).ShouldBe(fingerprints);
    }

    [Fact]
    public void Baseline_file_is_the_same_on_every_run()
    {
        using var repository = CaseCopies.Copy(Fixture);

        TestCli.Run(repository.Root, "baseline", "--output", "first.json");
        TestCli.Run(repository.Root, "baseline", "--output", "second.json");

        System.IO.File.ReadAllBytes(Path.Combine(repository.Root, "second.json"))
            .ShouldBe(System.IO.File.ReadAllBytes(Path.Combine(repository.Root, "first.json")));
    }

    [Fact]
    public void Baseline_is_written_to_the_default_file_name()
    {
        using var repository = CaseCopies.Copy(Fixture);

        var (exitCode, _, _) = TestCli.Run(repository.Root, "baseline");

        exitCode.ShouldBe(0);
        System.IO.File.Exists(Path.Combine(repository.Root, Baseline.DefaultFileName)).ShouldBeTrue();
    }

    [Fact]
    public void Check_with_the_baseline_reports_nothing_old()
    {
        using var repository = CaseCopies.Copy(Fixture);
        TestCli.Run(repository.Root, "baseline", "--output", "baseline.json");

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--baseline", "baseline.json", "--verbose");

        output.ShouldBe("No problems found.\n");
        error.ShouldContain("verbose: baseline: left out 3 findings that the baseline contains\n");
        error.ShouldContain("verbose: 0 baseline entries are fixed\n");
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Check_with_the_baseline_reports_a_new_finding()
    {
        using var repository = CaseCopies.Copy(Fixture);
        TestCli.Run(repository.Root, "baseline", "--output", "baseline.json");
        repository.With("apps/web/broken.yaml", "kind: [unclosed\n");

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".", "--baseline", "baseline.json");

        output.ShouldStartWith("apps/web/broken.yaml:");
        output.ShouldEndWith("Found 1 problem (1 error) in 1 file.\n");
        exitCode.ShouldBe(1);
    }

    [Fact]
    public void Findings_that_moved_lines_still_match_the_baseline()
    {
        using var repository = CaseCopies.Copy(Fixture);
        TestCli.Run(repository.Root, "baseline", "--output", "baseline.json");
        repository.With("clusters/demo/web.yaml", "# Moved down by a comment.\n" + System.IO.File.ReadAllText(Path.Combine(repository.Root, "clusters/demo/web.yaml")));

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".", "--baseline", "baseline.json");

        output.ShouldBe("No problems found.\n");
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Fixed_entries_are_counted()
    {
        using var repository = CaseCopies.Copy(Fixture);
        TestCli.Run(repository.Root, "baseline", "--output", "baseline.json");
        var jobs = Path.Combine(repository.Root, "clusters/demo/jobs.yaml");
        repository.With("clusters/demo/jobs.yaml", System.IO.File.ReadAllText(jobs).Replace("interval: often", "interval: 2m", StringComparison.Ordinal));

        var result = Linter.Run(new LintOptions
        {
            Path = repository.Root,
            RepositoryRoot = repository.Root,
            Baseline = Baseline.Load(Path.Combine(repository.Root, "baseline.json"), "baseline.json"),
        });

        result.Findings.ShouldBeEmpty();
        result.BaselineMatched.ShouldBe(2);
        result.BaselineFixed.ShouldBe(1);
        result.VerboseMessages.ShouldContain("1 baseline entry is fixed");
    }

    [Fact]
    public void Missing_baseline_file_is_a_usage_error()
    {
        using var repository = CaseCopies.Copy(Fixture);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--baseline", "absent.json");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe("error: The baseline file 'absent.json' does not exist. Write it with 'fluxracelint baseline --output absent.json'.\n");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": \"FluxRaceLint\"}")]
    [InlineData("{\"schemaVersion\": 2, \"tool\": \"FluxRaceLint\", \"entries\": []}")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": \"FluxRaceLint\", \"entries\": [{\"fingerprint\": \"xyz\", \"rule\": \"FRL004\", \"path\": \"a.yaml\", \"message\": \"m\"}]}")]
    [InlineData("{\"schemaVersion\": 1, \"tool\": \"FluxRaceLint\", \"entries\": [{\"rule\": \"FRL004\", \"path\": \"a.yaml\", \"message\": \"m\"}]}")]
    public void Malformed_baseline_file_is_a_usage_error(string text)
    {
        using var repository = CaseCopies.Copy(Fixture).With("baseline.json", text);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--baseline", "baseline.json");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: The baseline file 'baseline.json' is not a FluxRaceLint baseline: ");
        error.ShouldEndWith(" Write it again with 'fluxracelint baseline --output baseline.json'.\n");
        error.ShouldNotContain("FluxRaceLint.Suppression");
    }

    [Fact]
    public void Baseline_without_entries_names_the_fields()
    {
        using var repository = CaseCopies.Copy(Fixture).With("baseline.json", "{\"schemaVersion\": 1,\n \"tool\": \"FluxRaceLint\"}");

        var (_, _, error) = TestCli.Run(repository.Root, "check", ".", "--baseline", "baseline.json");

        error.ShouldContain("it is not valid JSON, or lacks the schemaVersion, tool and entries of a baseline at line 2, column ");
    }
}
