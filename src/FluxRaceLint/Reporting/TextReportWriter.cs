using System.Globalization;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

/// <summary>
/// Compiler-style text: one block per finding, whose first line is
/// <c>path:line:col: level RULE message</c>, then an indented <c>help:</c> line, then a summary.
/// With <see cref="ReportContext.Color"/>, the location and rule ID are bold and the level word has
/// its level's color. Control characters in the text are escaped, so the repository cannot send
/// the terminal escape sequences of its own.
/// </summary>
public sealed class TextReportWriter : IReportWriter
{
    public void Write(LintResult result, TextWriter output, ReportContext context)
    {
        var style = new AnsiStyle(context.Color);
        foreach (var finding in result.Findings)
        {
            var path = TerminalText.Escape(PathDisplay.FromCurrentDirectory(result.RepositoryRoot, finding.Location.Path, context.CurrentDirectory, context.AbsolutePaths));
            var location = string.Create(CultureInfo.InvariantCulture, $"{path}:{finding.Location.Line}:{finding.Location.Column}:");
            output.Write($"{style.Bold(location)} {style.Level(finding.Level, finding.Level.ToName())} {style.Bold(finding.Rule.Id)} {TerminalText.Escape(finding.Message)}\n");
            foreach (var related in finding.Related)
            {
                var relatedPath = TerminalText.Escape(PathDisplay.FromCurrentDirectory(result.RepositoryRoot, related.Span.Path, context.CurrentDirectory, context.AbsolutePaths));
                var relatedLocation = string.Create(CultureInfo.InvariantCulture, $"{relatedPath}:{related.Span.Line}:{related.Span.Column}:");
                output.Write($"  {style.Bold(relatedLocation)} {TerminalText.Escape(related.Message)}\n");
            }

            output.Write($"  help: {TerminalText.Escape(finding.Help)}\n");
        }

        if (context.Quiet)
            return;
        output.Write(Summarize(result, context.Color));
        output.Write('\n');
    }

    public static string Summarize(LintResult result) => Summarize(result, color: false);

    /// <summary>
    /// Returns the summary line. With <paramref name="color"/>, each count of a level has that
    /// level's color, and the line of a run without findings is green.
    /// </summary>
    public static string Summarize(LintResult result, bool color)
    {
        var style = new AnsiStyle(color);
        if (result.Findings.Count == 0)
            return style.Success("No problems found.");

        var errors = result.Findings.Count(f => f.Level == Severity.Error);
        var warnings = result.Findings.Count(f => f.Level == Severity.Warning);
        var notes = result.Findings.Count(f => f.Level == Severity.Note);
        var parts = new List<string>();
        if (errors > 0)
            parts.Add(style.Level(Severity.Error, Plural(errors, "error")));
        if (warnings > 0)
            parts.Add(style.Level(Severity.Warning, Plural(warnings, "warning")));
        if (notes > 0)
            parts.Add(style.Level(Severity.Note, Plural(notes, "note")));

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Found {Plural(result.Findings.Count, "problem")} ({string.Join(", ", parts)}) in {Plural(result.FilesWithFindings, "file")}.");
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
