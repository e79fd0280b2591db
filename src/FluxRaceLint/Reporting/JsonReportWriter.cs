using System.Text.Json.Serialization;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Suppression;

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

        // Suppressed findings are listed apart, so 'findings' and 'summary' keep counting only what
        // is reported. The field is left out when nothing was suppressed.
        var suppressed = result.Suppressed.Count == 0
            ? null
            : result.Suppressed.Select(s => new JsonReportSuppressedFinding(
                CreateFinding(s.Finding),
                new JsonReportSuppression(s.Kind == SuppressionKind.Comment ? "comment" : "annotation", s.Justification, CreateLocation(s.Directive)))).ToList();

        return new JsonReportDocument(
            SchemaVersion,
            new JsonReportTool("FluxRaceLint", context.ToolVersion),
            Path.GetRelativePath(result.RepositoryRoot, result.LintPath).Replace('\\', '/'),
            findings,
            summary,
            suppressed);
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
    JsonReportSummary Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JsonReportSuppressedFinding>? Suppressed);

/// <summary>A finding that a comment or annotation suppressed: the finding's fields plus <c>suppression</c>.</summary>
internal sealed record JsonReportSuppressedFinding(
    [property: JsonIgnore] JsonReportFinding Finding,
    [property: JsonPropertyOrder(1)] JsonReportSuppression Suppression)
{
    public string RuleId => Finding.RuleId;

    public string RuleName => Finding.RuleName;

    public string Level => Finding.Level;

    public string Message => Finding.Message;

    public string Help => Finding.Help;

    public JsonReportLocation Location => Finding.Location;

    public IReadOnlyList<JsonReportRelated> Related => Finding.Related;

    public string Fingerprint => Finding.Fingerprint;
}

/// <summary>How a finding was suppressed: <c>kind</c> is <c>comment</c> or <c>annotation</c>, at <c>location</c>.</summary>
internal sealed record JsonReportSuppression(string Kind, string Justification, JsonReportLocation Location);

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
