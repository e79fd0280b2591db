using System.Globalization;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting.Sarif;
using FluxRaceLint.Suppression;

namespace FluxRaceLint.Reporting;

/// <summary>
/// SARIF 2.1.0 with one run, shaped for GitHub code scanning: repository-relative artifact URIs under
/// <c>%SRCROOT%</c>, every catalogue rule with its documentation page as help, and a per-lint-path
/// <c>automationDetails.id</c> so that several lint paths of one commit do not replace each other.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SourceRootBaseId = "%SRCROOT%";

    /// <summary>
    /// Key of the FluxRaceLint fingerprint in <c>partialFingerprints</c>. GitHub matches alerts only by
    /// <c>primaryLocationLineHash</c>, which upload-sarif computes from the checked-out source, so
    /// this key serves other consumers and survives edits that only move lines.
    /// NOTE: an upload through the REST API instead of upload-sarif must carry
    /// <c>primaryLocationLineHash</c>, which this writer does not compute.
    /// </summary>
    public const string FingerprintKey = "fluxracelint/v1";

    private const string ToolName = "FluxRaceLint";

    private readonly Func<string, string?> _rulePageLookup;

    /// <summary>Creates a writer that takes rule help from the embedded <see cref="RulePages"/>.</summary>
    public SarifReportWriter()
        : this(RulePages.Get)
    {
    }

    /// <summary>Creates a writer that takes each rule's Markdown page from <paramref name="rulePageLookup"/>.</summary>
    /// <param name="rulePageLookup">Returns the page for a rule ID, or null when the rule has no page.</param>
    public SarifReportWriter(Func<string, string?> rulePageLookup)
    {
        ArgumentNullException.ThrowIfNull(rulePageLookup);
        _rulePageLookup = rulePageLookup;
    }

    /// <summary>
    /// Start of the run, written as <c>invocations[0].startTimeUtc</c>. Null by default, so that equal
    /// input gives byte-identical output.
    /// </summary>
    public DateTimeOffset? StartTimeUtc { get; init; }

    public void Write(LintResult result, TextWriter output, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);

        JsonOutput.Write(CreateLog(result, context), SarifJsonContext.Default.SarifLog, output);
    }

    internal SarifLog CreateLog(LintResult result, ReportContext context)
    {
        var rules = CollectRules(result);
        var ruleIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
            ruleIndexes[rules[i].Id] = i;

        var driver = new ToolComponent(
            ToolName,
            context.ToolVersion,
            context.ToolVersion,
            ProjectLinks.RepositoryUrl,
            rules.Select(CreateRule).ToList());

        var run = new Run(
            new Tool(driver),
            [CreateInvocation(result, ruleIndexes)],
            new Dictionary<string, ArtifactLocation>(StringComparer.Ordinal)
            {
                [SourceRootBaseId] = new(ToDirectoryUri(result.RepositoryRoot), null),
            },
            new RunAutomationDetails(AutomationId(result)),
            // Columns come from YamlDotNet marks, which count UTF-16 chars of the line.
            "utf16CodeUnits",
            CreateResults(result, ruleIndexes));

        return new SarifLog(SchemaUri, "2.1.0", [run]);
    }

    /// <summary>
    /// Returns the rule's help: the page as Markdown plus a plain-text copy, or, for a rule without a
    /// page, its description and a link to where the page belongs.
    /// </summary>
    internal static MultiformatMessageString CreateHelp(RuleDescriptor rule, string? page)
    {
        if (page is not null)
            return new MultiformatMessageString(RulePages.ToPlainText(page), page);

        // GitHub shows help but not helpUri, so the link goes into the help text as well.
        var uri = ProjectLinks.RulePageUri(rule);
        return new MultiformatMessageString(
            $"{rule.Description}\n\nDocumentation: {uri}",
            $"{rule.Description}\n\nDocumentation: [{rule.PagePath}]({uri})");
    }

    /// <summary>
    /// Returns <c>fluxracelint/&lt;lint path&gt;/</c>. GitHub takes everything before the last '/' as the
    /// analysis category, so each lint path keeps its own set of alerts.
    /// </summary>
    internal static string AutomationId(LintResult result)
    {
        var lintPath = Path.GetRelativePath(result.RepositoryRoot, result.LintPath).Replace('\\', '/');
        return $"fluxracelint/{lintPath}/";
    }

    /// <summary>Escapes each segment of a repository-relative path, so the result is a valid relative URI.</summary>
    internal static string ToRelativeUri(string repositoryPath) =>
        string.Join('/', repositoryPath.Split('/').Select(Uri.EscapeDataString));

    private static List<RuleDescriptor> CollectRules(LintResult result)
    {
        var rules = RuleCatalog.All.ToList();
        foreach (var finding in result.Findings.Concat(result.Suppressed.Select(s => s.Finding)))
        {
            // A finding of a rule outside the catalogue still gets metadata and a valid ruleIndex.
            if (!rules.Exists(rule => rule.Id == finding.Rule.Id))
                rules.Add(finding.Rule);
        }

        return rules;
    }

    private ReportingDescriptor CreateRule(RuleDescriptor rule) => new(
        rule.Id,
        rule.Name,
        new MultiformatMessageString(rule.Title),
        new MultiformatMessageString(rule.Description),
        CreateHelp(rule, _rulePageLookup(rule.Id)),
        ProjectLinks.RulePageUri(rule),
        new ReportingConfiguration(rule.DefaultSeverity.ToName()),
        new ReportingDescriptorProperties(rule.Tags, rule.Precision, ProblemSeverity(rule.DefaultSeverity)));

    /// <summary>
    /// Returns the results in output order. A suppressed finding is a result too, with a
    /// <c>suppressions</c> entry, so a SARIF reader sees it as suppressed in the source rather
    /// than gone.
    /// </summary>
    private static List<Result> CreateResults(LintResult result, Dictionary<string, int> ruleIndexes)
    {
        var suppressions = new Dictionary<Finding, SuppressedFinding>(ReferenceEqualityComparer.Instance);
        foreach (var suppressed in result.Suppressed)
            suppressions.TryAdd(suppressed.Finding, suppressed);
        return
        [
            .. result.Findings.Concat(result.Suppressed.Select(s => s.Finding))
                .Order(FindingComparer.Instance)
                .Select(finding =>
                {
                    var created = CreateResult(finding, ruleIndexes);
                    if (!suppressions.TryGetValue(finding, out var suppressed))
                        return created;
                    var suppression = new Sarif.Suppression("inSource", suppressed.Justification, CreateLocation(suppressed.Directive, null, null));
                    return created with { Suppressions = [suppression] };
                }),
        ];
    }

    private static Result CreateResult(Finding finding, Dictionary<string, int> ruleIndexes)
    {
        var related = finding.Related
            .Select((location, i) => CreateLocation(location.Span, i + 1, location.Message))
            .ToList();

        return new Result(
            finding.Rule.Id,
            ruleIndexes[finding.Rule.Id],
            finding.Level.ToName(),
            new Message(ResultText(finding)),
            [CreateLocation(finding.Location, null, null)],
            related.Count == 0 ? null : related,
            new Dictionary<string, string>(StringComparer.Ordinal) { [FingerprintKey] = finding.Fingerprint });
    }

    private Invocation CreateInvocation(LintResult result, Dictionary<string, int> ruleIndexes)
    {
        // An FRL000 finding means part of the input was not analysed, which SARIF records as a tool
        // execution notification besides the result.
        var notifications = result.Findings
            .Where(finding => finding.Rule.Id == RuleCatalog.InvalidManifest.Id && !DirectiveReader.IsNoteAboutSuppression(finding))
            .Select(finding => new Notification(
                Severity.Error.ToName(),
                new Message(ResultText(finding)),
                [CreateLocation(finding.Location, null, null)],
                new ReportingDescriptorReference(finding.Rule.Id, ruleIndexes[finding.Rule.Id])))
            .ToList();

        var startTime = StartTimeUtc?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new Invocation(result.ExecutionSuccessful, startTime, notifications.Count == 0 ? null : notifications);
    }

    private static Location CreateLocation(SourceSpan span, int? id, string? message) => new(
        id,
        new PhysicalLocation(
            new ArtifactLocation(ToRelativeUri(span.Path), SourceRootBaseId),
            new Region(span.Line, span.Column, span.EndLine, span.EndColumn)),
        message is null ? null : new Message(message));

    private static string ResultText(Finding finding) => $"{finding.Message} {finding.Help}";

    private static string ProblemSeverity(Severity severity) => severity switch
    {
        Severity.Note => "recommendation",
        Severity.Warning => "warning",
        _ => "error",
    };

    private static string ToDirectoryUri(string absolutePath)
    {
        var directory = Path.EndsInDirectorySeparator(absolutePath) ? absolutePath : absolutePath + Path.DirectorySeparatorChar;
        return new Uri(directory).AbsoluteUri;
    }
}
