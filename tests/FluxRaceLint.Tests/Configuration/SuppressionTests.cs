using System.Text.Json;
using FluxRaceLint.Suppression;

namespace FluxRaceLint.Tests.Configuration;

/// <summary>
/// Suppression comments and annotations, on a copy of the fixture whose only finding is FRL004 at
/// clusters/demo/databases.yaml:4:3, the 'name:' line of Kustomization 'postgres-operator'.
/// </summary>
public sealed class SuppressionTests
{
    private const string Fixture = "fires-dependency-without-wait";

    private const string File = "clusters/demo/databases.yaml";

    private const string Reason = "the chart is installed and ready before this cluster joins the fleet";

    private static TempRepository WithLine(int line, string text)
    {
        var repository = CaseCopies.Copy(Fixture);
        return repository.With(File, CaseCopies.ReplaceLine(repository, File, line, text));
    }

    private static TempRepository WithInserted(int line, string text)
    {
        var repository = CaseCopies.Copy(Fixture);
        return repository.With(File, CaseCopies.InsertLine(repository, File, line, text));
    }

    [Fact]
    public void Fixture_reports_one_finding_without_suppressions()
    {
        using var repository = CaseCopies.Copy(Fixture);

        var finding = repository.Lint().Findings.ShouldHaveSingleItem();

        finding.Rule.Id.ShouldBe("FRL004");
        (finding.Location.Path, finding.Location.Line, finding.Location.Column).ShouldBe((File, 4, 3));
    }

    [Fact]
    public void Comment_on_line_above_suppresses()
    {
        using var repository = WithInserted(4, $"  # fluxracelint-disable-next-line FRL004 -- {Reason}");

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--verbose");

        output.ShouldBe("No problems found.\n");
        error.ShouldContain($"verbose: suppressed FRL004 at {File}:5:3 ({Reason})\n");
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Comment_at_line_end_suppresses()
    {
        using var repository = WithLine(4, $"  name: postgres-operator # fluxracelint-disable-line FRL004 -- {Reason}");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
        var suppressed = result.Suppressed.ShouldHaveSingleItem();
        suppressed.Kind.ShouldBe(SuppressionKind.Comment);
        suppressed.Justification.ShouldBe(Reason);
        suppressed.Finding.Rule.Id.ShouldBe("FRL004");
    }

    [Fact]
    public void Comment_can_name_several_rules()
    {
        using var repository = WithLine(4, $"  name: postgres-operator # fluxracelint-disable-line FRL006, FRL004 -- {Reason}");

        var result = repository.Lint();

        result.Findings.ShouldHaveSingleItem().Message.ShouldStartWith("Unused suppression: the comment suppresses FRL006 on line 4");
        result.Suppressed.ShouldHaveSingleItem();
    }

    [Fact]
    public void Comment_two_lines_above_does_not_suppress()
    {
        using var repository = WithInserted(3, $"# fluxracelint-disable-next-line FRL004 -- {Reason}");

        var result = repository.Lint();

        result.Suppressed.ShouldBeEmpty();
        result.Findings.Select(f => f.Rule.Id).ShouldBe(["FRL000", "FRL004"]);
    }

    [Fact]
    public void Comment_without_reason_suppresses_nothing_and_is_reported()
    {
        using var repository = WithLine(4, "  name: postgres-operator # fluxracelint-disable-line FRL004");

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".");

        output.ShouldContain($"{File}:4:3: error FRL004 ");
        output.ShouldContain(
            $"{File}:4:27: note FRL000 The 'fluxracelint-disable-line' comment gives no reason, so it suppresses nothing.\n" +
            "  help: Write the reason after ' -- ', as in '# fluxracelint-disable-line FRL004 -- <why it does not apply>'.\n");
        exitCode.ShouldBe(1);
    }

    [Fact]
    public void Unknown_rule_and_unknown_directive_are_reported()
    {
        using var repository = WithInserted(4, $"  # fluxracelint-disable-nextline FRL004 -- {Reason}");
        repository.With(File, CaseCopies.InsertLine(repository, File, 1, $"# fluxracelint-disable-next-line FRL999 -- {Reason}"));

        var messages = repository.Lint().Findings.Where(f => f.Rule.Id == "FRL000").Select(f => f.Message).ToList();

        messages.ShouldBe([
            "The suppression names 'FRL999', which is not a rule.",
            "'fluxracelint-disable-nextline' is not a suppression directive, so the comment suppresses nothing.",
        ]);
    }

    [Fact]
    public void Unused_comment_is_reported_as_a_note()
    {
        using var repository = WithInserted(16, $"# fluxracelint-disable-next-line FRL004 -- {Reason}");

        var note = repository.Lint().Findings.Single(f => f.Rule.Id == "FRL000");

        note.Level.ShouldBe(FluxRaceLint.Diagnostics.Severity.Note);
        (note.Location.Line, note.Location.Column).ShouldBe((16, 1));
        note.Message.ShouldBe("Unused suppression: the comment suppresses FRL004 on line 17, but there is no FRL004 finding on that line.");
        note.Help.ShouldBe("Remove FRL004 from the suppression, or remove the suppression if it names no other rule.");
    }

    [Fact]
    public void Suppression_of_a_rule_that_is_off_is_not_unused()
    {
        using var repository = WithInserted(16, $"# fluxracelint-disable-next-line FRL004 -- {Reason}");
        repository.With(".fluxracelint.yaml", "rules:\n  FRL004: off\n");

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Suppressions_outside_the_path_are_not_reported()
    {
        using var repository = WithLine(4, "  name: postgres-operator # fluxracelint-disable-line FRL004");

        var result = Linter.Run(new LintOptions { Path = Path.Combine(repository.Root, "apps"), RepositoryRoot = repository.Root });

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Hash_inside_a_block_scalar_is_not_a_comment()
    {
        using var repository = CaseCopies.Copy(Fixture)
            .With("apps/orders-db/script.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: script\ndata:\n  run.sh: |\n    # fluxracelint-disable-next-line FRL004\n    echo done\n");

        repository.Lint().Findings.ShouldNotContain(f => f.Rule.Id == "FRL000");
    }

    [Fact]
    public void Scan_stops_at_bad_indentation()
    {
        // The YAML scanner stops at the over-indented last line with an error token, which it repeats.
        using var repository = CaseCopies.Copy(Fixture)
            .With("apps/orders-db/broken.yaml", $"# fluxracelint-disable-next-line FRL004 -- {Reason}\nb: 2\n    c: x\n");

        var result = Hostile.Hostile.Lint(repository);

        result.Findings.ShouldContain(f => f.Rule.Id == "FRL000" && f.Location.Path == "apps/orders-db/broken.yaml");
    }

    [Fact]
    public void Annotation_suppresses_findings_in_its_object()
    {
        using var repository = WithInserted(6, $"  annotations:\n    fluxracelint.io/ignore: \"FRL006: not used; FRL004: {Reason}\"");

        var result = repository.Lint();

        var suppressed = result.Suppressed.ShouldHaveSingleItem();
        suppressed.Kind.ShouldBe(SuppressionKind.Annotation);
        suppressed.Justification.ShouldBe(Reason);
        result.Findings.ShouldHaveSingleItem().Message.ShouldBe(
            "Unused suppression: the 'fluxracelint.io/ignore' annotation suppresses FRL006 in its object, but there is no FRL006 finding in that object.");
    }

    [Fact]
    public void Annotation_of_another_object_in_the_file_does_not_suppress()
    {
        // Line 20 is inside the second document, Kustomization 'orders-db'.
        using var repository = WithInserted(20, $"  annotations:\n    fluxracelint.io/ignore: \"FRL004: {Reason}\"");

        var result = repository.Lint();

        result.Suppressed.ShouldBeEmpty();
        result.Findings.Select(f => f.Rule.Id).ShouldBe(["FRL004", "FRL000"]);
    }

    [Fact]
    public void Annotation_entry_without_reason_is_reported()
    {
        using var repository = WithInserted(6, "  annotations:\n    fluxracelint.io/ignore: \"FRL004\"");

        var result = repository.Lint();

        result.Suppressed.ShouldBeEmpty();
        var note = result.Findings.Single(f => f.Rule.Id == "FRL000");
        (note.Location.Line, note.Location.Column).ShouldBe((7, 29));
        note.Message.ShouldBe("The 'fluxracelint.io/ignore' entry 'FRL004' gives no reason, so it suppresses nothing.");
        note.Help.ShouldBe("Write the reason after a colon, as in 'fluxracelint.io/ignore: \"FRL004: <why it does not apply>\"', and separate several entries with ';'.");
    }

    [Fact]
    public void Sarif_lists_a_suppressed_finding_with_its_justification()
    {
        using var repository = WithLine(4, $"  name: postgres-operator # fluxracelint-disable-line FRL004 -- {Reason}");

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".", "--format", "sarif");

        exitCode.ShouldBe(0);
        using var document = JsonDocument.Parse(output);
        var run = document.RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().ShouldHaveSingleItem();
        result.GetProperty("ruleId").GetString().ShouldBe("FRL004");
        var suppression = result.GetProperty("suppressions").EnumerateArray().ShouldHaveSingleItem();
        suppression.GetProperty("kind").GetString().ShouldBe("inSource");
        suppression.GetProperty("justification").GetString().ShouldBe(Reason);
        var region = suppression.GetProperty("location").GetProperty("physicalLocation").GetProperty("region");
        (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32()).ShouldBe((4, 27));
        var invocation = run.GetProperty("invocations")[0];
        invocation.GetProperty("executionSuccessful").GetBoolean().ShouldBeTrue();
        invocation.TryGetProperty("toolExecutionNotifications", out _).ShouldBeFalse();
    }

    [Fact]
    public void Sarif_suppression_note_keeps_execution_successful()
    {
        using var repository = WithLine(4, "  name: postgres-operator # fluxracelint-disable-line FRL004");

        var (_, output, _) = TestCli.Run(repository.Root, "check", ".", "--format", "sarif");

        using var document = JsonDocument.Parse(output);
        var run = document.RootElement.GetProperty("runs")[0];
        run.GetProperty("results").GetArrayLength().ShouldBe(2);
        foreach (var result in run.GetProperty("results").EnumerateArray())
            result.TryGetProperty("suppressions", out _).ShouldBeFalse();
        run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void Json_lists_suppressed_findings_apart()
    {
        using var repository = WithLine(4, $"  name: postgres-operator # fluxracelint-disable-line FRL004 -- {Reason}");

        var (_, output, _) = TestCli.Run(repository.Root, "check", ".", "--format", "json");

        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        root.GetProperty("findings").GetArrayLength().ShouldBe(0);
        root.GetProperty("summary").GetProperty("warnings").GetInt32().ShouldBe(0);
        root.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(0);
        var suppressed = root.GetProperty("suppressed").EnumerateArray().ShouldHaveSingleItem();
        suppressed.GetProperty("ruleId").GetString().ShouldBe("FRL004");
        suppressed.GetProperty("location").GetProperty("line").GetInt32().ShouldBe(4);
        suppressed.GetProperty("fingerprint").GetString()!.Length.ShouldBe(32);
        suppressed.GetProperty("suppression").GetProperty("kind").GetString().ShouldBe("comment");
        suppressed.GetProperty("suppression").GetProperty("justification").GetString().ShouldBe(Reason);
    }

    [Fact]
    public void Json_omits_suppressed_when_empty()
    {
        using var repository = CaseCopies.Copy(Fixture);

        var (_, output, _) = TestCli.Run(repository.Root, "check", ".", "--format", "json");

        using var document = JsonDocument.Parse(output);
        document.RootElement.TryGetProperty("suppressed", out _).ShouldBeFalse();
    }
}
