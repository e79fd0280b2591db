using System.Text.RegularExpressions;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed partial class TextReportWriterTests
{
    private static readonly ReportContext ColorContext = SampleResults.Context with { Color = true };

    private static string[] WriteLines(LintResult result, ReportContext context) =>
        SampleResults.Write(new TextReportWriter(), result, context).Split('\n');

    [GeneratedRegex("\e\\[[0-9;]*m")]
    private static partial Regex SgrEscape();

    [Fact]
    public void Color_wraps_location_level_and_rule()
    {
        var lines = WriteLines(SampleResults.Create(), ColorContext);

        lines[0].ShouldBe(
            "\e[1m../apps/podinfo/broken values.yaml:7:9:\e[0m \e[1;31merror\e[0m \e[1mFRL000\e[0m " +
            "File 'apps/podinfo/broken values.yaml' is not valid YAML: mapping values are not allowed here.");
    }

    [Fact]
    public void Each_level_has_its_color()
    {
        var text = SampleResults.Write(new TextReportWriter(), SampleResults.Create(), ColorContext);

        text.ShouldContain(" \e[1;31merror\e[0m \e[1mFRL001\e[0m ");
        text.ShouldContain(" \e[1;33mwarning\e[0m \e[1mFRL004\e[0m ");
        text.ShouldContain(" \e[1;36mnote\e[0m \e[1mFRL006\e[0m ");
    }

    [Fact]
    public void Color_makes_related_location_bold()
    {
        var lines = WriteLines(SampleResults.Create(), ColorContext);

        lines.ShouldContain("  \e[1m../infrastructure/controllers/cert-manager.yaml:3:1:\e[0m HelmRelease 'cert-manager/cert-manager' installs the CRD.");
    }

    [Fact]
    public void Color_leaves_help_line_plain()
    {
        var lines = WriteLines(SampleResults.Create(), ColorContext);

        lines.ShouldContain("  help: Fix the YAML syntax at the reported position.");
    }

    [Fact]
    public void Summary_counts_have_level_colors()
    {
        var lines = WriteLines(SampleResults.Create(), ColorContext);

        lines[^2].ShouldBe("Found 4 problems (\e[1;31m2 errors\e[0m, \e[1;33m1 warning\e[0m, \e[1;36m1 note\e[0m) in 3 files.");
    }

    [Fact]
    public void Clean_summary_is_green_with_color()
    {
        var text = SampleResults.Write(new TextReportWriter(), SampleResults.CreateClean(), ColorContext);

        text.ShouldBe("\e[1;32mNo problems found.\e[0m\n");
    }

    [Fact]
    public void Color_off_writes_no_escapes()
    {
        var text = SampleResults.Write(new TextReportWriter(), SampleResults.Create(), SampleResults.Context);

        text.ShouldNotContain('\e');
        text.ShouldStartWith("../apps/podinfo/broken values.yaml:7:9: error FRL000 File ");
    }

    [Fact]
    public void Color_changes_only_escapes()
    {
        var plain = SampleResults.Write(new TextReportWriter(), SampleResults.Create(), SampleResults.Context);
        var colored = SampleResults.Write(new TextReportWriter(), SampleResults.Create(), ColorContext);

        colored.ShouldNotBe(plain);
        SgrEscape().Replace(colored, "").ShouldBe(plain);
    }

    [Fact]
    public void Quiet_color_output_has_no_summary()
    {
        var text = SampleResults.Write(new TextReportWriter(), SampleResults.Create(), ColorContext with { Quiet = true });

        text.ShouldNotContain("Found ");
        text.ShouldEndWith("  help: Set spec.retryInterval to '2m'.\n");
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("json")]
    [InlineData("github")]
    public void Other_formats_ignore_color(string format)
    {
        var writer = ReportWriters.Create(format)!;

        var colored = SampleResults.Write(writer, SampleResults.Create(), ColorContext);
        var plain = SampleResults.Write(writer, SampleResults.Create(), SampleResults.Context);

        colored.ShouldNotContain('\e');
        colored.ShouldBe(plain);
    }

    [Fact]
    public void Summarize_without_color_is_plain()
    {
        TextReportWriter.Summarize(SampleResults.Create()).ShouldBe("Found 4 problems (2 errors, 1 warning, 1 note) in 3 files.");
    }
}
