using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed class GitHubReportWriterTests
{
    private static string[] WriteLines(FluxRaceLint.LintResult result, ReportContext? context = null) =>
        SampleResults.Write(new GitHubReportWriter(), result, context).Split('\n');

    [Fact]
    public void Writes_one_command_per_finding()
    {
        var lines = WriteLines(SampleResults.Create());

        lines.Length.ShouldBe(5);
        lines[^1].ShouldBeEmpty();
    }

    [Fact]
    public void Command_has_file_position_title_and_message()
    {
        var lines = WriteLines(SampleResults.Create());

        lines[1].ShouldBe(
            "::error file=prod/apps.yaml,line=12,col=5,endLine=12,endColumn=23," +
            "title=FRL001 CustomResourceBeforeDefinition::" +
            "Kustomization 'flux-system/apps' applies a 'Certificate' whose CRD is installed by HelmRelease " +
            "'cert-manager/cert-manager', but does not depend on it. Add 'infra-controllers' to spec.dependsOn.");
    }

    [Fact]
    public void Levels_map_to_error_warning_and_notice()
    {
        var lines = WriteLines(SampleResults.Create());

        lines[0].ShouldStartWith("::error ");
        lines[2].ShouldStartWith("::warning ");
        lines[3].ShouldStartWith("::notice ");
    }

    [Fact]
    public void File_is_relative_to_current_directory()
    {
        var lines = WriteLines(SampleResults.Create());

        lines[0].ShouldStartWith("::error file=../apps/podinfo/broken values.yaml,line=7,");
    }

    [Fact]
    public void Clean_run_writes_nothing()
    {
        SampleResults.Write(new GitHubReportWriter(), SampleResults.CreateClean()).ShouldBeEmpty();
    }

    [Fact]
    public void Message_escapes_percent_and_line_breaks()
    {
        GitHubReportWriter.EscapeData("100% done\r\nnext: a, b").ShouldBe("100%25 done%0D%0Anext: a, b");
    }

    [Fact]
    public void Property_escapes_colon_and_comma_too()
    {
        GitHubReportWriter.EscapeProperty("a:b,c%d\ne").ShouldBe("a%3Ab%2Cc%25d%0Ae");
    }

    [Fact]
    public void Percent_is_escaped_once()
    {
        GitHubReportWriter.EscapeProperty("%3A").ShouldBe("%253A");
    }

    [Fact]
    public void Command_escapes_path_and_message()
    {
        var finding = new Finding(
            RuleCatalog.InvalidManifest,
            Severity.Error,
            new SourceSpan("odd/a,b:c.yaml", 2, 3, 2, 4),
            "Value '50%' is invalid:\nline two.",
            "Fix it.",
            [],
            "subject");

        var line = WriteLines(SampleResults.WithFindings(finding), SampleResults.Context with { CurrentDirectory = SampleResults.RepositoryRoot })[0];

        line.ShouldBe("::error file=odd/a%2Cb%3Ac.yaml,line=2,col=3,endLine=2,endColumn=4,title=FRL000 InvalidManifest::Value '50%25' is invalid:%0Aline two. Fix it.");
    }
}
