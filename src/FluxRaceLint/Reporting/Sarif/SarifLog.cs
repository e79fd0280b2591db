using System.Text.Json.Serialization;

namespace FluxRaceLint.Reporting.Sarif;

// The subset of the SARIF 2.1.0 object model that FluxRaceLint writes. Type and property names are
// those of the SARIF 2.1.0 specification. A property whose value is null is left out of the document.

internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<Run> Runs);

internal sealed record Run(
    Tool Tool,
    IReadOnlyList<Invocation> Invocations,
    IReadOnlyDictionary<string, ArtifactLocation> OriginalUriBaseIds,
    RunAutomationDetails AutomationDetails,
    string ColumnKind,
    IReadOnlyList<Result> Results);

internal sealed record Tool(ToolComponent Driver);

internal sealed record ToolComponent(
    string Name,
    string Version,
    string SemanticVersion,
    string InformationUri,
    IReadOnlyList<ReportingDescriptor> Rules);

internal sealed record ReportingDescriptor(
    string Id,
    string Name,
    MultiformatMessageString ShortDescription,
    MultiformatMessageString FullDescription,
    MultiformatMessageString Help,
    string HelpUri,
    ReportingConfiguration DefaultConfiguration,
    ReportingDescriptorProperties Properties);

internal sealed record MultiformatMessageString(string Text, string? Markdown = null);

internal sealed record ReportingConfiguration(string Level);

/// <summary>The property bag that GitHub code scanning reads from a rule.</summary>
internal sealed record ReportingDescriptorProperties(
    IReadOnlyList<string> Tags,
    string Precision,
    [property: JsonPropertyName("problem.severity")] string ProblemSeverity);

internal sealed record Result(
    string RuleId,
    int? RuleIndex,
    string Level,
    Message Message,
    IReadOnlyList<Location> Locations,
    IReadOnlyList<Location>? RelatedLocations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    IReadOnlyList<Suppression>? Suppressions = null);

/// <summary>Why a result is not shown as an alert. The kind <c>inSource</c> means a comment or annotation in the file.</summary>
internal sealed record Suppression(string Kind, string Justification, Location? Location);

internal sealed record Message(string Text);

internal sealed record Location(int? Id, PhysicalLocation PhysicalLocation, Message? Message);

internal sealed record PhysicalLocation(ArtifactLocation ArtifactLocation, Region? Region);

internal sealed record ArtifactLocation(string Uri, string? UriBaseId);

internal sealed record Region(int StartLine, int StartColumn, int EndLine, int EndColumn);

internal sealed record Invocation(
    bool ExecutionSuccessful,
    string? StartTimeUtc,
    IReadOnlyList<Notification>? ToolExecutionNotifications);

internal sealed record Notification(
    string Level,
    Message Message,
    IReadOnlyList<Location> Locations,
    ReportingDescriptorReference? AssociatedRule);

internal sealed record ReportingDescriptorReference(string Id, int? Index);

internal sealed record RunAutomationDetails(string Id);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;
