using System.Globalization;
using System.Text;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

/// <summary>
/// GitHub Actions workflow commands, one <c>::error</c>, <c>::warning</c> or <c>::notice</c> line per
/// finding, which the runner turns into annotations on the changed files.
/// </summary>
/// <remarks>
/// GitHub's Checks API documentation limits GitHub Actions to 10 warning and 10 error annotations
/// per step, so a long list of findings is complete only in the SARIF or JSON report.
/// </remarks>
public sealed class GitHubReportWriter : IReportWriter
{
    public void Write(LintResult result, TextWriter output, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);

        foreach (var finding in result.Findings)
            output.Write(FormatCommand(finding, result.RepositoryRoot, context.CurrentDirectory));
    }

    internal static string FormatCommand(Finding finding, string repositoryRoot, string currentDirectory)
    {
        var path = TerminalText.Escape(PathDisplay.FromCurrentDirectory(repositoryRoot, finding.Location.Path, currentDirectory), keepLineBreaks: true);
        var span = finding.Location;
        var properties = string.Create(
            CultureInfo.InvariantCulture,
            $"file={EscapeProperty(path)},line={span.Line},col={span.Column},endLine={span.EndLine},endColumn={span.EndColumn}");
        var title = EscapeProperty($"{finding.Rule.Id} {finding.Rule.Name}");
        // The runner prints the commands in the job log, which renders ANSI escapes. Line breaks
        // are left to EscapeData, which encodes them as the runner expects.
        var message = EscapeData(TerminalText.Escape($"{finding.Message} {finding.Help}", keepLineBreaks: true));
        return $"::{CommandName(finding.Level)} {properties},title={title}::{message}\n";
    }

    /// <summary>Escapes a command's message the way actions/toolkit <c>escapeData</c> does.</summary>
    internal static string EscapeData(string value) =>
        new StringBuilder(value)
            .Replace("%", "%25")
            .Replace("\r", "%0D")
            .Replace("\n", "%0A")
            .ToString();

    /// <summary>
    /// Escapes a command property value the way actions/toolkit <c>escapeProperty</c> does: as a
    /// message, and also ':' and ',', which end a property.
    /// </summary>
    internal static string EscapeProperty(string value) =>
        new StringBuilder(EscapeData(value))
            .Replace(":", "%3A")
            .Replace(",", "%2C")
            .ToString();

    private static string CommandName(Severity level) => level switch
    {
        Severity.Note => "notice",
        Severity.Warning => "warning",
        _ => "error",
    };
}
