using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Syntax errors and odd but valid YAML: each gives FRL000 at the file, or nothing, and the run goes on.</summary>
public sealed class InvalidYamlTests
{
    private const string Bad = "bad/broken.yaml";

    private const string Head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n";

    /// <summary>Case name, file text, and the line the FRL000 error must point at.</summary>
    public static TheoryData<string, string, int> SyntaxErrors() => new()
    {
        // A quoted scalar may span lines, so the parser finds an unclosed quote only where a later
        // line breaks the scalar's indentation, or at the end of the file.
        { "unclosed double quote", Head + "  name: \"broken\ndata:\n  a: b\n", 5 },
        { "unclosed single quote", Head + "  name: 'broken\ndata:\n  a: b\n", 7 },
        { "key indented less than its sibling", Head + "  name: demo\n namespace: default\n", 5 },
        { "key indented more than its sibling", Head + "  name: demo\n    namespace: default\n", 5 },
        { "tab used for indentation", Head + "\tname: demo\n", 4 },
        { "tab before a nested key", Head + "  name: demo\ndata:\n\t a: b\n", 6 },
        { "stray closing bracket", Head + "  name: demo\ndata:\n  a: ]\n", 6 },
        { "stray closing brace", Head + "  name: demo\n}\n", 5 },
        { "unclosed flow sequence then a mapping line", Head + "  name: demo\n  labels: [a, b\n  namespace: c\n", 5 },
        // The parser finds the missing '}' only at the end of the file.
        { "unclosed flow mapping at the end", Head + "  name: demo\n  labels: {a: b\n", 6 },
        { "document marker inside a flow sequence", Head + "  name: demo\n  labels: [a,\n---\n  b]\n", 6 },
        { "content on the document end line", Head + "  name: demo\n... trailing\n", 5 },
        { "alias without an anchor", Head + "  name: *missing\n", 4 },
        { "unknown YAML version", "%YAML 9.9\n---\n" + Head + "  name: demo\n", 1 },
        { "directive without a document marker", "%TAG ! tag:example.com,2000:\n" + Head + "  name: demo\n", 2 },
        { "key without a colon in a mapping", Head + "  name: demo\n  justakey\n  other: x\n", 5 },
        { "mapping value after a sequence entry", "- a\nb: c\n", 2 },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void Syntax_error_is_reported_at_the_file(string name, string text, int line)
    {
        using var repository = new TempRepository().WithRacy().With(Bad, text);

        var outcome = Hostile.Check(repository);

        var findings = outcome.Result.ShouldHaveInputFinding(Bad, Severity.Error);
        findings.ShouldContain(
            f => f.Location.Line == line,
            $"{name}: FRL000 spans were {string.Join(", ", findings.Select(f => $"{f.Location.Line}:{f.Location.Column}-{f.Location.EndLine}:{f.Location.EndColumn} {f.Message}"))}");
        outcome.ExitCode.ShouldBe(1);
        outcome.Output.ShouldContain($"{Bad}:");
    }

    /// <summary>Case name and file text of YAML that is odd but valid, which must not give FRL000.</summary>
    public static TheoryData<string, string> OddButValid() => new()
    {
        { "document marker at column 0 inside a block scalar", Head + "  name: demo\ndata:\n  script: |\n    echo one\n---\n    echo two\n" },
        { "document marker right after a key", Head + "---\n  name: demo\n" },
        { "several document markers in a row", "---\n---\n---\n" + Head + "  name: demo\n---\n---\n" },
        { "document marker with a block scalar", "--- |\n  text\n" },
        { "document end marker then a bare document", Head + "  name: demo\n...\n" + Head + "  name: other\n" },
        { "complex key", Head + "  name: demo\n? [a, b]\n: c\n" },
        { "only comments and markers", "# one\n---\n# two\n...\n" },
        { "merge key from an anchor", "base: &base\n  a: 1\n" + Head + "  <<: *base\n  name: demo\n" },
        { "tags on values", Head + "  name: !!str demo\n  labels: !custom {a: b}\n" },
    };

    [Theory]
    [MemberData(nameof(OddButValid))]
    public void Odd_valid_yaml_gives_no_input_error(string name, string text)
    {
        using var repository = new TempRepository().WithRacy().With(Bad, text);

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.Where(f => f.Location.Path == Bad && f.Level == Severity.Error)
            .ShouldBeEmpty($"{name}:\n{Hostile.Describe(outcome.Result)}");
    }

    [Fact]
    public void Duplicate_keys_point_at_the_second_key()
    {
        using var repository = new TempRepository().WithRacy()
            .With(Bad, Head + "  name: first\n  name: second\ndata:\n  a: b\n  a: c\n");

        var outcome = Hostile.Check(repository);

        var findings = outcome.Result.ShouldHaveInputFinding(Bad, Severity.Error);
        findings.Select(f => (f.Location.Line, f.Location.Column)).Order().ShouldBe([(5, 3), (8, 3)]);
        findings.ShouldAllBe(f => f.Message.Contains("appears more than once"));
    }

    [Fact]
    public void Duplicate_key_keeps_the_flux_object()
    {
        // The second interval is reported, and the object is still read, so its dependsOn still gives FRL007.
        var text = Racy.Kustomization.Replace("  interval: 10m\n", "  interval: 10m\n  interval: 5m\n", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy().With("racy/twice.yaml", text.Replace("name: web", "name: twice", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding("racy/twice.yaml", Severity.Error).ShouldContain(f => f.Location.Line == 10);
        outcome.Result.Findings.ShouldContain(f => f.Rule.Id == "FRL007" && f.Location.Path == "racy/twice.yaml");
    }

    [Fact]
    public void Scalar_document_is_skipped_with_a_note()
    {
        using var repository = new TempRepository().WithRacy().With(Bad, "just a string\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNote(Bad, "it is not a mapping");
    }

    [Fact]
    public void List_document_is_skipped_with_a_note()
    {
        using var repository = new TempRepository().WithRacy().With(Bad, "- " + Head.Replace("\n", "\n  ", StringComparison.Ordinal) + "  name: demo\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNote(Bad, "it is not a mapping");
    }

    [Fact]
    public void Broken_kustomization_file_still_reports_its_build()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [configmap.yaml\n  - other.yaml\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error);
    }
}
