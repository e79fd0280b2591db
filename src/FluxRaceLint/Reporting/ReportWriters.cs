namespace FluxRaceLint.Reporting;

/// <summary>The report formats that <c>--format</c> accepts.</summary>
public static class ReportWriters
{
    public static readonly IReadOnlyList<string> Formats = ["text", "sarif", "json", "github"];

    public static IReportWriter? Create(string format) => format switch
    {
        "text" => new TextReportWriter(),
        "sarif" => new SarifReportWriter(),
        "json" => new JsonReportWriter(),
        "github" => new GitHubReportWriter(),
        _ => null,
    };
}
