using System.Text.Json.Serialization;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

/// <summary>
/// A versioned JSON document of the findings, described in docs/json-format.md. It contains no
/// absolute path, so the same repository gives the same document on every machine.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <summary>
    /// Version of the document shape. It changes only when a field is removed, renamed or changes
    /// meaning. Adding a field keeps the version.
    /// </summary>
    public const int SchemaVersion = 1;

    public void Write(LintResult result, TextWriter output, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);

        JsonOutput.Write(CreateDocument(result, context), JsonReportSerializerContext.Default.JsonReportDocument, output);
    }

    internal static JsonReportDocument CreateDocument(LintResult result, ReportContext context)
    {
        var findings = result.Findings.Select(CreateFinding).ToList();
        var summary = new JsonReportSummary(
            result.Findings.Count(f => f.Level == Severity.Error),
            result.Findings.Count(f => f.Level == Severity.Warning),
            result.Findings.Count(f => f.Level == Severity.Note),
            result.FilesWithFindings);

        return new JsonReportDocument(
            SchemaVersion,
            new JsonReportTool("FluxRaceLint", context.ToolVersion),
            Path.GetRelativePath(result.RepositoryRoot, result.LintPath).Replace('\\', '/'),
            findings,
            summary);
    }

    private static JsonReportFinding CreateFinding(Finding finding) => new(
        finding.Rule.Id,
        finding.Rule.Name,
        finding.Level.ToName(),
        finding.Message,
        finding.Help,
        CreateLocation(finding.Location),
        finding.Related.Select(related => new JsonReportRelated(related.Message, CreateLocation(related.Span))).ToList(),
        finding.Fingerprint);

    private static JsonReportLocation CreateLocation(SourceSpan span) =>
        new(span.Path, span.Line, span.Column, span.EndLine, span.EndColumn);
}

internal sealed record JsonReportDocument(
    int SchemaVersion,
    JsonReportTool Tool,
    string LintPath,
    IReadOnlyList<JsonReportFinding> Findings,
    JsonReportSummary Summary);

internal sealed record JsonReportTool(string Name, string Version);

internal sealed record JsonReportFinding(
    string RuleId,
    string RuleName,
    string Level,
    string Message,
    string Help,
    JsonReportLocation Location,
    IReadOnlyList<JsonReportRelated> Related,
    string Fingerprint);

internal sealed record JsonReportLocation(string Path, int Line, int Column, int EndLine, int EndColumn);

internal sealed record JsonReportRelated(string Message, JsonReportLocation Location);

/// <summary>Counts of findings by level, and <c>Files</c>: the number of files with at least one finding.</summary>
internal sealed record JsonReportSummary(int Errors, int Warnings, int Notes, int Files);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JsonReportDocument))]
internal sealed partial class JsonReportSerializerContext : JsonSerializerContext;
