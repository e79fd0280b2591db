using System.Text.Json;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed class JsonReportWriterTests
{
    private static JsonElement WriteDocument(FluxRaceLint.LintResult result)
    {
        using var document = JsonDocument.Parse(SampleResults.Write(new JsonReportWriter(), result));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Document_has_schema_version_and_tool()
    {
        var root = WriteDocument(SampleResults.Create());

        root.GetProperty("schemaVersion").GetInt32().ShouldBe(JsonReportWriter.SchemaVersion);
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(1);
        root.GetProperty("tool").GetProperty("name").GetString().ShouldBe("FluxRaceLint");
        root.GetProperty("tool").GetProperty("version").GetString().ShouldBe("0.1.0");
    }

    [Fact]
    public void Top_level_fields_follow_documented_order()
    {
        var root = WriteDocument(SampleResults.Create());

        root.EnumerateObject().Select(property => property.Name).ShouldBe(["schemaVersion", "tool", "lintPath", "findings", "summary"]);
    }

    [Fact]
    public void Lint_path_is_relative_to_repository_root()
    {
        WriteDocument(SampleResults.Create()).GetProperty("lintPath").GetString().ShouldBe("clusters/prod");
        WriteDocument(SampleResults.CreateClean()).GetProperty("lintPath").GetString().ShouldBe(".");
    }

    [Fact]
    public void Document_contains_no_absolute_path()
    {
        var text = SampleResults.Write(new JsonReportWriter(), SampleResults.Create());

        text.ShouldNotContain(SampleResults.RepositoryRoot);
    }

    [Fact]
    public void Finding_has_every_field()
    {
        var sample = SampleResults.Create();

        var finding = WriteDocument(sample).GetProperty("findings")[1];

        finding.GetProperty("ruleId").GetString().ShouldBe("FRL001");
        finding.GetProperty("ruleName").GetString().ShouldBe("CustomResourceBeforeDefinition");
        finding.GetProperty("level").GetString().ShouldBe("error");
        finding.GetProperty("message").GetString().ShouldBe(sample.Findings[1].Message);
        finding.GetProperty("help").GetString().ShouldBe(sample.Findings[1].Help);
        finding.GetProperty("fingerprint").GetString().ShouldBe(sample.Findings[1].Fingerprint);
        var location = finding.GetProperty("location");
        location.GetProperty("path").GetString().ShouldBe(SampleResults.AppsFile);
        location.GetProperty("line").GetInt32().ShouldBe(12);
        location.GetProperty("column").GetInt32().ShouldBe(5);
        location.GetProperty("endLine").GetInt32().ShouldBe(12);
        location.GetProperty("endColumn").GetInt32().ShouldBe(23);
    }

    [Fact]
    public void Related_locations_have_message_and_location()
    {
        var related = WriteDocument(SampleResults.Create()).GetProperty("findings")[1].GetProperty("related");

        related.GetArrayLength().ShouldBe(2);
        related[0].GetProperty("message").GetString().ShouldBe("HelmRelease 'cert-manager/cert-manager' installs the CRD.");
        related[0].GetProperty("location").GetProperty("path").GetString().ShouldBe(SampleResults.ControllersFile);
        related[0].GetProperty("location").GetProperty("line").GetInt32().ShouldBe(3);
        related[1].GetProperty("location").GetProperty("path").GetString().ShouldBe(SampleResults.InfrastructureFile);
    }

    [Fact]
    public void Finding_without_related_locations_has_empty_array()
    {
        var finding = WriteDocument(SampleResults.Create()).GetProperty("findings")[2];

        finding.GetProperty("related").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Levels_are_lower_case_names()
    {
        var findings = WriteDocument(SampleResults.Create()).GetProperty("findings");

        findings.EnumerateArray().Select(finding => finding.GetProperty("level").GetString()).ShouldBe(["error", "error", "warning", "note"]);
    }

    [Fact]
    public void Summary_counts_levels_and_files_with_findings()
    {
        var summary = WriteDocument(SampleResults.Create()).GetProperty("summary");

        summary.GetProperty("errors").GetInt32().ShouldBe(2);
        summary.GetProperty("warnings").GetInt32().ShouldBe(1);
        summary.GetProperty("notes").GetInt32().ShouldBe(1);
        summary.GetProperty("files").GetInt32().ShouldBe(3);
    }

    [Fact]
    public void Clean_run_has_no_findings_and_zero_counts()
    {
        var root = WriteDocument(SampleResults.CreateClean());

        root.GetProperty("findings").GetArrayLength().ShouldBe(0);
        root.GetProperty("summary").GetProperty("errors").GetInt32().ShouldBe(0);
        root.GetProperty("summary").GetProperty("files").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void Two_writes_produce_identical_text()
    {
        var first = SampleResults.Write(new JsonReportWriter(), SampleResults.Create());
        var second = SampleResults.Write(new JsonReportWriter(), SampleResults.Create());

        second.ShouldBe(first);
        first.ShouldNotContain("\\u0027");
        first.ShouldEndWith("}\n");
    }
}
