using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Suppression;

/// <summary>One recorded finding. Only the fingerprint is matched, and the rest is there for people reading the file.</summary>
public sealed record BaselineEntry(string Fingerprint, string Rule, string Path, string Message);

/// <summary>
/// The findings of a repository at one point, recorded by <c>fluxracelint baseline</c>, so that
/// <c>check --baseline</c> reports only findings added since. Findings are matched by fingerprint,
/// which does not change when lines move.
/// </summary>
public sealed partial class Baseline
{
    /// <summary>Version of the document shape, which changes only when a field is removed, renamed or changes meaning.</summary>
    public const int SchemaVersion = 1;

    public const string DefaultFileName = ".fluxracelint-baseline.json";

    private readonly HashSet<string> _fingerprints;

    private Baseline(IReadOnlyList<BaselineEntry> entries)
    {
        Entries = entries;
        _fingerprints = new HashSet<string>(entries.Select(e => e.Fingerprint), StringComparer.Ordinal);
    }

    /// <summary>The entries sorted by path, rule and fingerprint, one per fingerprint.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    public IReadOnlySet<string> Fingerprints => _fingerprints;

    public static Baseline FromFindings(IEnumerable<Finding> findings)
    {
        var entries = new Dictionary<string, BaselineEntry>(StringComparer.Ordinal);
        foreach (var finding in findings.Order(FindingComparer.Instance))
            entries.TryAdd(finding.Fingerprint, new BaselineEntry(finding.Fingerprint, finding.Rule.Id, finding.Location.Path, finding.Message));
        return new Baseline(Sort(entries.Values));
    }

    /// <summary>Reads a baseline file. A missing or malformed file is a usage error.</summary>
    /// <param name="absolute">The file's absolute path.</param>
    /// <param name="path">The path as the user gave it, for messages.</param>
    public static Baseline Load(string absolute, string path)
    {
        if (!File.Exists(absolute))
            throw new UsageException($"The baseline file '{path}' does not exist. Write it with 'fluxracelint baseline --output {path}'.");
        string text;
        try
        {
            text = File.ReadAllText(absolute);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The baseline file '{path}' cannot be read: {exception.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses the text of a baseline file. <paramref name="displayPath"/> is used in errors only.</summary>
    public static Baseline Parse(string text, string displayPath)
    {
        BaselineDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(text, BaselineJsonContext.Default.BaselineDocument);
        }
        catch (JsonException exception)
        {
            // The exception's message names .NET types, so only its position is shown. Both numbers are 0-based.
            var position = exception.LineNumber is { } line
                ? $" at line {line + 1}, column {(exception.BytePositionInLine ?? 0) + 1}"
                : "";
            var field = exception.Path is { Length: > 1 } jsonPath ? $" (JSON path {jsonPath})" : "";
            throw Malformed(displayPath, $"it is not valid JSON, or lacks the schemaVersion, tool and entries of a baseline{position}{field}.");
        }

        if (document is null)
            throw Malformed(displayPath, "it contains 'null' instead of an object.");
        if (document.SchemaVersion != SchemaVersion)
            throw Malformed(displayPath, $"its schemaVersion is {document.SchemaVersion}, and this FluxRaceLint reads version {SchemaVersion}.");
        foreach (var entry in document.Entries)
        {
            if (!FingerprintPattern().IsMatch(entry.Fingerprint))
                throw Malformed(displayPath, $"the fingerprint '{entry.Fingerprint}' is not 32 lower-case hex digits.");
        }

        var unique = new Dictionary<string, BaselineEntry>(StringComparer.Ordinal);
        foreach (var entry in document.Entries)
            unique.TryAdd(entry.Fingerprint, entry);
        return new Baseline(Sort(unique.Values));
    }

    /// <summary>Writes the document: indented JSON with '\n' line endings, sorted, without timestamps.</summary>
    public void Write(TextWriter output) =>
        JsonOutput.Write(new BaselineDocument(SchemaVersion, "FluxRaceLint", Entries), BaselineJsonContext.Default.BaselineDocument, output);

    private static List<BaselineEntry> Sort(IEnumerable<BaselineEntry> entries) =>
    [
        .. entries
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.Rule, StringComparer.Ordinal)
            .ThenBy(e => e.Fingerprint, StringComparer.Ordinal),
    ];

    private static UsageException Malformed(string path, string reason) =>
        new($"The baseline file '{path}' is not a FluxRaceLint baseline: {reason} Write it again with 'fluxracelint baseline --output {path}'.");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex FingerprintPattern();
}

internal sealed record BaselineDocument(int SchemaVersion, string Tool, IReadOnlyList<BaselineEntry> Entries);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BaselineDocument))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
