using System.Text;
using System.Text.Json;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed class SarifReportWriterTests
{
    private const string SamplePage = "# FRL001: CustomResourceBeforeDefinition\n\n## What it flags\n\n```yaml\n# FRL001\nkind: Certificate\n```\n";

    private static readonly SarifReportWriter Writer = new(_ => null);

    private static JsonElement WriteRun(LintResult result, SarifReportWriter? writer = null)
    {
        var text = SampleResults.Write(writer ?? Writer, result);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("runs")[0].Clone();
    }

    private static JsonElement Results(JsonElement run) => run.GetProperty("results");

    private static string Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
            element = element.GetProperty(name);
        return element.GetString()!;
    }

    [Fact]
    public void Log_declares_schema_version_and_one_run()
    {
        var text = SampleResults.Write(Writer, SampleResults.Create());

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        root.GetProperty("$schema").GetString().ShouldBe("https://json.schemastore.org/sarif-2.1.0.json");
        root.GetProperty("version").GetString().ShouldBe("2.1.0");
        root.GetProperty("runs").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void Driver_names_tool_and_version()
    {
        var driver = WriteRun(SampleResults.Create()).GetProperty("tool").GetProperty("driver");

        Text(driver, "name").ShouldBe("FluxRaceLint");
        Text(driver, "version").ShouldBe("0.1.0");
        Text(driver, "semanticVersion").ShouldBe("0.1.0");
        Text(driver, "informationUri").ShouldBe("https://github.com/fluxracelint/fluxracelint");
    }

    [Fact]
    public void Driver_lists_catalogue_rules_in_order()
    {
        var rules = WriteRun(SampleResults.Create()).GetProperty("tool").GetProperty("driver").GetProperty("rules");

        rules.EnumerateArray().Select(rule => Text(rule, "id")).ShouldBe(RuleCatalog.All.Select(rule => rule.Id));
        rules.EnumerateArray().Select(rule => Text(rule, "name")).ShouldBe(RuleCatalog.All.Select(rule => rule.Name));
    }

    [Fact]
    public void Rule_carries_descriptions_and_github_properties()
    {
        var rules = WriteRun(SampleResults.Create()).GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var rule = rules[1];
        var descriptor = RuleCatalog.CustomResourceBeforeDefinition;

        Text(rule, "shortDescription", "text").ShouldBe(descriptor.Title);
        Text(rule, "fullDescription", "text").ShouldBe(descriptor.Description);
        Text(rule, "helpUri").ShouldBe("https://github.com/fluxracelint/fluxracelint/blob/main/rules/FRL001.md");
        Text(rule, "defaultConfiguration", "level").ShouldBe("error");
        Text(rule, "properties", "precision").ShouldBe(descriptor.Precision);
        Text(rule, "properties", "problem.severity").ShouldBe("error");
        rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()).ShouldBe(descriptor.Tags);
    }

    [Theory]
    [InlineData(Severity.Error, "error", "error")]
    [InlineData(Severity.Warning, "warning", "warning")]
    [InlineData(Severity.Note, "note", "recommendation")]
    public void Rule_severity_maps_to_sarif_levels(Severity severity, string level, string problemSeverity)
    {
        var rule = new RuleDescriptor("FRL900", "SampleRule", "A sample rule.", "A sample rule for tests.", severity, ["test"], "low");
        var finding = new Finding(rule, severity, SourceSpan.StartOf("a.yaml"), "Sample message.", "Sample help.", [], "s");

        var run = WriteRun(SampleResults.WithFindings(finding));

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var written = rules[rules.GetArrayLength() - 1];
        Text(written, "id").ShouldBe("FRL900");
        Text(written, "defaultConfiguration", "level").ShouldBe(level);
        Text(written, "properties", "problem.severity").ShouldBe(problemSeverity);
        Results(run)[0].GetProperty("ruleIndex").GetInt32().ShouldBe(rules.GetArrayLength() - 1);
        Text(Results(run)[0], "level").ShouldBe(level);
    }

    [Fact]
    public void Rule_help_is_the_page_when_one_exists()
    {
        var writer = new SarifReportWriter(id => id == "FRL001" ? SamplePage : null);

        var help = WriteRun(SampleResults.Create(), writer).GetProperty("tool").GetProperty("driver").GetProperty("rules")[1].GetProperty("help");

        Text(help, "markdown").ShouldBe(SamplePage);
        Text(help, "text").ShouldBe("FRL001: CustomResourceBeforeDefinition\n\nWhat it flags\n\n# FRL001\nkind: Certificate\n");
    }

    [Fact]
    public void Rule_help_without_page_is_description_and_link()
    {
        var help = WriteRun(SampleResults.Create()).GetProperty("tool").GetProperty("driver").GetProperty("rules")[1].GetProperty("help");
        var descriptor = RuleCatalog.CustomResourceBeforeDefinition;
        var uri = "https://github.com/fluxracelint/fluxracelint/blob/main/rules/FRL001.md";

        Text(help, "text").ShouldBe($"{descriptor.Description}\n\nDocumentation: {uri}");
        Text(help, "markdown").ShouldBe($"{descriptor.Description}\n\nDocumentation: [rules/FRL001.md]({uri})");
    }

    [Fact]
    public void Result_message_is_message_then_help()
    {
        var sample = SampleResults.Create();

        var result = Results(WriteRun(sample))[1];

        Text(result, "message", "text").ShouldBe($"{sample.Findings[1].Message} {sample.Findings[1].Help}");
    }

    [Fact]
    public void Result_names_rule_by_id_and_index()
    {
        var results = Results(WriteRun(SampleResults.Create()));

        results.EnumerateArray().Select(result => Text(result, "ruleId")).ShouldBe(["FRL000", "FRL001", "FRL004", "FRL006"]);
        results.EnumerateArray().Select(result => result.GetProperty("ruleIndex").GetInt32()).ShouldBe([0, 1, 4, 6]);
        results.EnumerateArray().Select(result => Text(result, "level")).ShouldBe(["error", "error", "warning", "note"]);
    }

    [Fact]
    public void Result_location_is_relative_to_source_root()
    {
        var location = Results(WriteRun(SampleResults.Create()))[1].GetProperty("locations");

        location.GetArrayLength().ShouldBe(1);
        var physical = location[0].GetProperty("physicalLocation");
        Text(physical, "artifactLocation", "uri").ShouldBe(SampleResults.AppsFile);
        Text(physical, "artifactLocation", "uriBaseId").ShouldBe("%SRCROOT%");
        var region = physical.GetProperty("region");
        region.GetProperty("startLine").GetInt32().ShouldBe(12);
        region.GetProperty("startColumn").GetInt32().ShouldBe(5);
        region.GetProperty("endLine").GetInt32().ShouldBe(12);
        region.GetProperty("endColumn").GetInt32().ShouldBe(23);
    }

    [Fact]
    public void Artifact_uri_escapes_path_segments()
    {
        var physical = Results(WriteRun(SampleResults.Create()))[0].GetProperty("locations")[0].GetProperty("physicalLocation");

        Text(physical, "artifactLocation", "uri").ShouldBe("apps/podinfo/broken%20values.yaml");
    }

    [Fact]
    public void Related_locations_have_ids_and_messages()
    {
        var related = Results(WriteRun(SampleResults.Create()))[1].GetProperty("relatedLocations");

        related.GetArrayLength().ShouldBe(2);
        related[0].GetProperty("id").GetInt32().ShouldBe(1);
        related[1].GetProperty("id").GetInt32().ShouldBe(2);
        Text(related[0], "physicalLocation", "artifactLocation", "uri").ShouldBe(SampleResults.ControllersFile);
        Text(related[0], "physicalLocation", "artifactLocation", "uriBaseId").ShouldBe("%SRCROOT%");
        related[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(3);
        Text(related[0], "message", "text").ShouldBe("HelmRelease 'cert-manager/cert-manager' installs the CRD.");
    }

    [Fact]
    public void Result_without_related_omits_property()
    {
        var result = Results(WriteRun(SampleResults.Create()))[2];

        result.TryGetProperty("relatedLocations", out _).ShouldBeFalse();
    }

    [Fact]
    public void Partial_fingerprint_is_the_finding_fingerprint()
    {
        var sample = SampleResults.Create();

        var fingerprints = Results(WriteRun(sample))[1].GetProperty("partialFingerprints");

        fingerprints.EnumerateObject().Select(property => property.Name).ShouldBe(["fluxracelint/v1"]);
        Text(fingerprints, "fluxracelint/v1").ShouldBe(sample.Findings[1].Fingerprint);
    }

    [Fact]
    public void Fingerprints_stay_when_only_lines_move()
    {
        static string[] Fingerprints(JsonElement run) =>
            Results(run).EnumerateArray().Select(result => Text(result, "partialFingerprints", "fluxracelint/v1")).ToArray();

        var before = WriteRun(SampleResults.Create());
        var after = WriteRun(SampleResults.Create(lineShift: 3));

        Results(after)[1].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region")
            .GetProperty("startLine").GetInt32().ShouldBe(15);
        Fingerprints(after).ShouldBe(Fingerprints(before));
        Fingerprints(before).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Source_root_is_file_uri_with_slash()
    {
        var run = WriteRun(SampleResults.Create());

        Text(run, "originalUriBaseIds", "%SRCROOT%", "uri").ShouldBe("file:///repos/fleet/");
    }

    [Fact]
    public void Automation_id_names_the_lint_path()
    {
        var run = WriteRun(SampleResults.Create());

        Text(run, "automationDetails", "id").ShouldBe("fluxracelint/clusters/prod/");
    }

    [Fact]
    public void Automation_id_of_repository_root_is_dot()
    {
        var run = WriteRun(SampleResults.Create(lintPath: SampleResults.RepositoryRoot));

        Text(run, "automationDetails", "id").ShouldBe("fluxracelint/./");
    }

    [Fact]
    public void Invalid_manifest_findings_become_notifications()
    {
        var invocations = WriteRun(SampleResults.Create()).GetProperty("invocations");

        invocations.GetArrayLength().ShouldBe(1);
        invocations[0].GetProperty("executionSuccessful").GetBoolean().ShouldBeFalse();
        var notifications = invocations[0].GetProperty("toolExecutionNotifications");
        notifications.GetArrayLength().ShouldBe(1);
        Text(notifications[0], "level").ShouldBe("error");
        Text(notifications[0], "message", "text").ShouldStartWith("File 'apps/podinfo/broken values.yaml' is not valid YAML");
        Text(notifications[0], "associatedRule", "id").ShouldBe("FRL000");
        notifications[0].GetProperty("associatedRule").GetProperty("index").GetInt32().ShouldBe(0);
        var physical = notifications[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Text(physical, "artifactLocation", "uri").ShouldBe("apps/podinfo/broken%20values.yaml");
        physical.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(7);
    }

    [Fact]
    public void Invalid_manifest_findings_stay_in_results()
    {
        var results = Results(WriteRun(SampleResults.Create()));

        results.EnumerateArray().Count(result => Text(result, "ruleId") == "FRL000").ShouldBe(1);
    }

    [Fact]
    public void Clean_run_has_empty_results()
    {
        var run = WriteRun(SampleResults.CreateClean());

        Results(run).GetArrayLength().ShouldBe(0);
        run.GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().ShouldBeTrue();
        run.GetProperty("invocations")[0].TryGetProperty("toolExecutionNotifications", out _).ShouldBeFalse();
        run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength().ShouldBe(RuleCatalog.All.Count);
    }

    [Fact]
    public void Start_time_is_absent_by_default()
    {
        var invocation = WriteRun(SampleResults.Create()).GetProperty("invocations")[0];

        invocation.TryGetProperty("startTimeUtc", out _).ShouldBeFalse();
    }

    [Fact]
    public void Start_time_is_written_in_utc_when_set()
    {
        var writer = new SarifReportWriter(_ => null)
        {
            StartTimeUtc = new DateTimeOffset(2026, 3, 4, 7, 8, 9, 123, TimeSpan.FromHours(2)),
        };

        var invocation = WriteRun(SampleResults.Create(), writer).GetProperty("invocations")[0];

        Text(invocation, "startTimeUtc").ShouldBe("2026-03-04T05:08:09.123Z");
    }

    [Fact]
    public void Two_writes_produce_identical_bytes()
    {
        var first = Encoding.UTF8.GetBytes(SampleResults.Write(new SarifReportWriter(), SampleResults.Create()));
        var second = Encoding.UTF8.GetBytes(SampleResults.Write(new SarifReportWriter(), SampleResults.Create()));

        second.ShouldBe(first);
    }

    [Fact]
    public void Output_keeps_quotes_and_non_ascii_unescaped()
    {
        var text = SampleResults.Write(Writer, SampleResults.Create());

        text.ShouldContain("'flux-system/apps'");
        text.ShouldNotContain("\\u0027");
        text.ShouldNotContain("\r");
        text.ShouldEndWith("}\n");
    }

    [Fact]
    public void Output_matches_expected_file()
    {
        var path = SampleResults.ExpectedFile("sample.sarif");
        var version = SampleResults.ToolVersion;
        var writer = new SarifReportWriter(id => id == "FRL001" ? SamplePage : null);
        var context = SampleResults.Context with { ToolVersion = version };

        // The version changes with every release and commit, so the golden file holds a placeholder.
        var actual = SampleResults.Write(writer, SampleResults.Create(), context)
            .Replace($"\"{version}\"", "\"0.0.0-normalised\"", StringComparison.Ordinal);
        if (TestPaths.UpdateExpected)
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes(actual));

        File.Exists(path).ShouldBeTrue($"'{path}' is missing; run the tests with FLUXRACELINT_UPDATE_EXPECTED=1 to create it.");
        var expected = File.ReadAllBytes(path);
        Encoding.UTF8.GetString(expected).ShouldBe(actual, "Run the tests with FLUXRACELINT_UPDATE_EXPECTED=1 to accept the new output.");
        expected.ShouldBe(Encoding.UTF8.GetBytes(actual));
    }
}
