using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxRaceLint.Configuration;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;
using Json.Schema;

namespace FluxRaceLint.Tests.Configuration;

/// <summary>
/// fluxracelint.schema.json must accept what the parser accepts: every example configuration of
/// testdata/config and docs/configuration.md is checked against both.
/// </summary>
public sealed partial class ConfigurationSchemaTests
{
    /// <summary>A documentation block is an example configuration when its first line is this comment.</summary>
    private const string ExampleMarker = "# .fluxracelint.yaml";

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestPaths.ProjectRoot, "fluxracelint.schema.json"))));

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        var config = Path.Combine(TestPaths.Testdata, "config");
        foreach (var file in Directory.GetFiles(config, ConfigurationParser.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add("testdata/config/" + Path.GetRelativePath(config, file).Replace('\\', '/'));
        for (var i = 0; i < DocumentationExamples().Count; i++)
            data.Add($"docs/configuration.md#{i + 1}");
        return data;
    }

    [Fact]
    public void Examples_exist_in_testdata_and_docs()
    {
        Directory.GetFiles(Path.Combine(TestPaths.Testdata, "config"), ConfigurationParser.FileName, SearchOption.AllDirectories).Length.ShouldBeGreaterThan(0);
        DocumentationExamples().Count.ShouldBeGreaterThan(3);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_accepted_by_the_schema_and_the_parser(string example)
    {
        var text = ExampleText(example);

        Should.NotThrow(() => ConfigurationParser.Parse(example, text));
        var results = Schema.Value.Evaluate(ToJson(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        results.IsValid.ShouldBeTrue(string.Join("\n", errors));
    }

    [Theory]
    [InlineData("rulez: {}")]
    [InlineData("rules:\n  FRL004: warn")]
    [InlineData("rules:\n  frl004: off")]
    [InlineData("rules: [FRL004]")]
    [InlineData("exclude: apps")]
    [InlineData("exclude:\n  - 42")]
    [InlineData("assumePresent:\n  - cert-manager.io/v1")]
    [InlineData("retryThreshold: 120")]
    [InlineData("retryThreshold: soon")]
    [InlineData("limits:\n  maxDepth: 0")]
    [InlineData("limits:\n  maxDepth: deep")]
    [InlineData("limits:\n  maxBytes: 5")]
    public void Invalid_config_is_rejected_by_the_schema_and_the_parser(string text)
    {
        Should.Throw<ConfigurationException>(() => ConfigurationParser.Parse("test.yaml", text));
        Schema.Value.Evaluate(ToJson(text)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void Schema_matches_parser_keys_and_levels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.ProjectRoot, "fluxracelint.schema.json")));
        var root = document.RootElement;
        root.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        var properties = root.GetProperty("properties");

        properties.EnumerateObject().Select(p => p.Name).ShouldBe(ConfigurationParser.Keys);
        properties.GetProperty("limits").GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(ConfigurationParser.LimitKeys);
        properties.GetProperty("rules").GetProperty("additionalProperties").GetProperty("enum").EnumerateArray()
            .Select(level => level.GetString()).ShouldBe(RuleSettings.Names);
        var idPattern = new Regex(properties.GetProperty("rules").GetProperty("propertyNames").GetProperty("pattern").GetString()!);
        RuleCatalog.All.ShouldAllBe(rule => idPattern.IsMatch(rule.Id));
    }

    [Fact]
    public void Documentation_lists_every_key_with_its_default()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.ProjectRoot, "docs", "configuration.md"));

        foreach (var key in ConfigurationParser.Keys.Concat(ConfigurationParser.LimitKeys))
            page.ShouldContain($"### `{key}`");
        page.Split("### `").Skip(1).ShouldAllBe(section => section.Contains("Default:", StringComparison.Ordinal));
    }

    private static string ExampleText(string example)
    {
        if (example.StartsWith("docs/configuration.md#", StringComparison.Ordinal))
            return DocumentationExamples()[int.Parse(example[(example.IndexOf('#', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture) - 1];
        return File.ReadAllText(Path.Combine(TestPaths.ProjectRoot, example));
    }

    private static List<string> DocumentationExamples()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.ProjectRoot, "docs", "configuration.md"));
        return [.. YamlBlock().Matches(page).Select(m => m.Groups[1].Value).Where(block => block.StartsWith(ExampleMarker, StringComparison.Ordinal))];
    }

    /// <summary>Converts YAML to JSON the way YAML 1.2 resolves scalars, the same resolution the parser uses.</summary>
    private static JsonElement ToJson(string text)
    {
        var file = new SourceFile("example.yaml");
        YamlDocumentParser.Parse(file, text, ReadLimits.Default);
        file.Problems.ShouldBeEmpty();
        var root = file.Documents.FirstOrDefault(d => d.Root is not null)?.Root;
        var node = root is null ? new JsonObject() : Convert(root);
        return JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement;
    }

    private static JsonNode? Convert(YNode node) => node switch
    {
        YMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, Convert(e.Value)))),
        YSequence sequence => new JsonArray([.. sequence.Items.Select(Convert)]),
        YScalar scalar => YamlScalarTypes.Classify(scalar) switch
        {
            ScalarType.Null => null,
            ScalarType.Boolean => JsonValue.Create(scalar.Value is "true" or "True" or "TRUE"),
            ScalarType.Integer => JsonValue.Create(long.Parse(scalar.Value, CultureInfo.InvariantCulture)),
            ScalarType.Float => JsonValue.Create(double.Parse(scalar.Value, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(scalar.Value),
        },
        _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
    };

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
