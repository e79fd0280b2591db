namespace FluxRaceLint.Reporting;

/// <summary>Writes a <see cref="LintResult"/> as one report document.</summary>
public interface IReportWriter
{
    void Write(LintResult result, TextWriter output, ReportContext context);
}

/// <summary>Facts about the run that a report needs besides the findings.</summary>
/// <param name="CurrentDirectory">Absolute directory that text paths are printed relative to.</param>
/// <param name="ToolVersion">Version of FluxRaceLint, such as <c>0.1.0</c>.</param>
public sealed record ReportContext(string CurrentDirectory, string ToolVersion)
{
    /// <summary>Print absolute paths in text output, as for a PATH argument given as an absolute path.</summary>
    public bool AbsolutePaths { get; init; }

    /// <summary>Leave out the summary line of text output, so only findings are printed.</summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// Wrap the location, level and rule ID of text output, and the counts of its summary, in ANSI
    /// SGR escapes. Only the text format reads it. Without the escapes, the text is the same.
    /// </summary>
    public bool Color { get; init; }
}
