using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Configuration;

/// <summary>
/// Reads <c>.fluxracelint.yaml</c> with the project's own YAML parser, so every error names the line
/// and column of the key or value at fault. Nothing is deserialised by reflection.
/// </summary>
public static partial class ConfigurationParser
{
    public const string FileName = ".fluxracelint.yaml";

    /// <summary>The keys at the top of the file, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["rules", "exclude", "assumePresent", "retryThreshold", "limits", "clusters", "sources", "knowledge"];

    /// <summary>The keys of an entry under <c>sources:</c>.</summary>
    public static readonly IReadOnlyList<string> SourceKeys = ["url", "path"];

    /// <summary>
    /// Most YAML nodes under <c>knowledge</c>, counting each alias as a copy of its anchored node: over
    /// 30 times the 3,042 nodes of the built-in charts.yaml, so that an alias bomb cannot stall the run.
    /// </summary>
    public const int MaxKnowledgeNodes = 100_000;

    /// <summary>The keys under <c>limits:</c>.</summary>
    public static readonly IReadOnlyList<string> LimitKeys = ["maxFileBytes", "maxDepth", "maxNodes"];

    /// <summary>Reads and parses a configuration file; a file that cannot be read is a usage error.</summary>
    public static LintConfiguration Load(string path)
    {
        var absolute = Path.GetFullPath(path);
        if (Directory.Exists(absolute))
            throw new UsageException($"The configuration file '{path}' is a folder. Give the path of a {FileName} file.");
        if (!File.Exists(absolute))
            throw new UsageException($"The configuration file '{path}' does not exist.");

        // A named pipe would block the read and a device could be endless, so the file is read as
        // repository files are: only a regular file, and at most the default file size limit.
        var maxBytes = ReadLimits.Default.MaxFileBytes;
        byte[] bytes;
        try
        {
            bytes = SafeFileReader.Read(absolute, maxBytes);
        }
        catch (NotRegularFileException)
        {
            throw new UsageException($"The configuration file '{path}' is a named pipe, socket or device, not a regular file, so it was not read. Replace it with a regular file.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The configuration file '{path}' cannot be read: {exception.Message}");
        }

        if (bytes.Length > maxBytes)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"The configuration file '{path}' is more than {maxBytes} bytes long, so it was not read. Configuration files are a few lines; check that '{path}' is the right file."));

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            throw new ConfigurationException(absolute, new Position(1, 1), "The file is not valid UTF-8, which YAML requires.");
        }

        return Parse(absolute, text);
    }

    /// <summary>Parses the text of a configuration file. <paramref name="file"/> is used in errors only.</summary>
    public static LintConfiguration Parse(string file, string text)
    {
        var source = new SourceFile(file);
        YamlDocumentParser.Parse(source, text, ReadLimits.Default);
        if (source.Problems.Count > 0)
        {
            var problem = source.Problems[0];
            throw new ConfigurationException(file, problem.Start, problem.Message);
        }

        var documents = source.Documents.Where(d => d.Root is not null).ToList();
        if (documents.Count > 1)
            throw new ConfigurationException(file, documents[1].Start, "The file contains more than one YAML document. Put every key into one document.");
        if (documents.Count == 0)
            return new LintConfiguration { File = file };
        if (documents[0].Root is not YMapping root)
            throw new ConfigurationException(file, documents[0].Root!.Start, $"The file must be a mapping of keys such as 'rules' and 'exclude', but it is {Describe(documents[0].Root!)}.");

        var reader = new Reader(file);
        var configuration = new LintConfiguration { File = file };
        foreach (var entry in root.Entries)
        {
            configuration = entry.Key.Value switch
            {
                "rules" => configuration with { Rules = reader.Rules(entry) },
                "exclude" => configuration with { Exclude = reader.Exclude(entry) },
                "assumePresent" => configuration with { AssumePresent = reader.AssumePresent(entry) },
                "retryThreshold" => configuration with { RetryThreshold = reader.Duration(entry) },
                "limits" => reader.Limits(entry, configuration),
                "clusters" => configuration with { Clusters = reader.Clusters(entry) },
                "sources" => configuration with { Sources = reader.Sources(entry) },
                "knowledge" => configuration with { Knowledge = reader.Knowledge(entry) },
                _ => throw new ConfigurationException(file, entry.Key.Start, $"Unknown key '{entry.Key.Value}'. The keys are {List(Keys)}."),
            };
        }

        return configuration;
    }

    private static string List(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"'{names[0]}'" : $"{string.Join(", ", names.Take(names.Count - 1).Select(n => $"'{n}'"))} and '{names[^1]}'";

    private static string Describe(YNode node) => node switch
    {
        YMapping => "a mapping",
        YSequence => "a list",
        YScalar scalar => YamlScalarTypes.Classify(scalar) switch
        {
            ScalarType.Null => "empty",
            ScalarType.Boolean => $"the boolean '{scalar.Value}'",
            ScalarType.Integer or ScalarType.Float => $"the number '{scalar.Value}'",
            _ => $"the string '{scalar.Value}'",
        },
        _ => "something else",
    };

    /// <summary>A DNS subdomain, which every API group of a CRD is.</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ApiGroup();

    private sealed class Reader(string file)
    {
        public Dictionary<string, RuleSetting> Rules(YEntry entry)
        {
            var mapping = Expect<YMapping>(entry.Value, "rules", "a mapping of rule IDs to off, note, warning or error");
            var rules = new Dictionary<string, RuleSetting>(StringComparer.Ordinal);
            foreach (var rule in mapping.Entries)
            {
                var id = rule.Key.Value;
                if (!RuleCatalog.All.Any(r => r.Id == id))
                {
                    var hint = RuleCatalog.Find(id) is { } near ? $" Rule IDs are upper case, such as '{near.Id}'." : "";
                    throw new ConfigurationException(file, rule.Key.Start, $"The key 'rules.{id}' names no rule.{hint} Run 'fluxracelint rules' to list the rules.");
                }

                if (rule.Value is not YScalar level || YamlScalarTypes.Classify(level) != ScalarType.String || !RuleSettings.TryParse(level.Value, out var setting))
                {
                    var actual = rule.Value is YScalar scalar ? $"'{scalar.Value}'" : Describe(rule.Value);
                    throw new ConfigurationException(file, rule.Value.Start, $"The key 'rules.{id}' has the invalid level {actual}. Use {string.Join(", ", RuleSettings.Names.Take(3))} or {RuleSettings.Names[^1]}.");
                }

                rules[id] = setting;
            }

            return rules;
        }

        public List<PathGlob> Exclude(YEntry entry)
        {
            var globs = new List<PathGlob>();
            foreach (var item in Strings(entry, "exclude", "a list of repository-relative glob patterns"))
            {
                globs.Add(PathGlob.TryCreate(item.Value, out var error)
                    ?? throw new ConfigurationException(file, item.Start, $"The pattern '{item.Value}' under 'exclude' {error}."));
            }

            return globs;
        }

        public List<string> AssumePresent(YEntry entry)
        {
            var groups = new List<string>();
            foreach (var item in Strings(entry, "assumePresent", "a list of API groups"))
            {
                if (!ApiGroup().IsMatch(item.Value))
                {
                    throw new ConfigurationException(
                        file,
                        item.Start,
                        $"'{item.Value}' under 'assumePresent' is not a valid API group. Write the group of the CRDs as their apiVersion has it, without the version, such as 'cert-manager.io'.");
                }

                groups.Add(item.Value);
            }

            return groups;
        }

        public TimeSpan Duration(YEntry entry)
        {
            var key = entry.Key.Value;
            if (entry.Value is not YScalar scalar || YamlScalarTypes.Classify(scalar) != ScalarType.String)
                throw new ConfigurationException(file, entry.Value.Start, $"The key '{key}' must be a duration such as '2m', but it is {Describe(entry.Value)}.");
            if (!FluxDuration.TryParse(scalar.Value, out var duration))
                throw new ConfigurationException(file, scalar.Start, $"The key '{key}' has the value '{scalar.Value}', which is not a valid duration. Write it like '2m', '90s' or '1h30m'.");
            return duration;
        }

        public LintConfiguration Limits(YEntry entry, LintConfiguration configuration)
        {
            var mapping = Expect<YMapping>(entry.Value, "limits", $"a mapping with the keys {List(LimitKeys)}");
            foreach (var limit in mapping.Entries)
            {
                configuration = limit.Key.Value switch
                {
                    "maxFileBytes" => configuration with { MaxFileBytes = Whole(limit, long.MaxValue) },
                    "maxDepth" => configuration with { MaxDepth = (int)Whole(limit, int.MaxValue) },
                    "maxNodes" => configuration with { MaxNodes = (int)Whole(limit, int.MaxValue) },
                    _ => throw new ConfigurationException(file, limit.Key.Start, $"Unknown key 'limits.{limit.Key.Value}'. The keys are {List(LimitKeys)}."),
                };
            }

            return configuration;
        }

        public List<ConfiguredPath> Clusters(YEntry entry)
        {
            var clusters = new List<ConfiguredPath>();
            foreach (var item in Strings(entry, "clusters", "a list of repository-relative folders, one for each cluster"))
                clusters.Add(new ConfiguredPath(RelativeFolder(item, "clusters"), item.Start));
            return clusters;
        }

        public List<ConfiguredSource> Sources(YEntry entry)
        {
            var sequence = Expect<YSequence>(entry.Value, "sources", "a list of mappings with the keys 'url' and 'path'");
            var sources = new List<ConfiguredSource>();
            foreach (var item in sequence.Items)
            {
                if (item is not YMapping mapping)
                    throw new ConfigurationException(file, item.Start, $"Each entry under 'sources' must be a mapping with the keys 'url' and 'path', but one is {Describe(item)}.");
                YScalar? url = null;
                var path = "";
                foreach (var field in mapping.Entries)
                {
                    if (field.Value is not YScalar scalar || YamlScalarTypes.Classify(scalar) != ScalarType.String)
                        throw new ConfigurationException(file, field.Value.Start, $"The key 'sources.{field.Key.Value}' must be a string, but it is {Describe(field.Value)}.");
                    switch (field.Key.Value)
                    {
                        case "url":
                            url = scalar;
                            break;
                        case "path":
                            path = RelativeFolder(scalar, "sources.path");
                            break;
                        default:
                            throw new ConfigurationException(file, field.Key.Start, $"Unknown key 'sources.{field.Key.Value}'. The keys are {List(SourceKeys)}.");
                    }
                }

                if (url is null || url.Value.Trim().Length == 0)
                    throw new ConfigurationException(file, mapping.Start, "An entry under 'sources' has no 'url'. Give the URL of the OCIRepository or GitRepository that this repository is published to.");
                sources.Add(new ConfiguredSource(url.Value.Trim(), path, url.Start));
            }

            return sources;
        }

        /// <summary>
        /// Reads the knowledge-base additions. They follow the schema of the embedded charts.yaml, whose
        /// parser works on YamlDotNet nodes, so the nodes this parser read for the key are replayed into
        /// YamlDotNet's representation model. The text is not parsed a second time, because YamlDotNet
        /// reads merge keys, tags and complex keys differently.
        /// </summary>
        public KnowledgeBase Knowledge(YEntry entry)
        {
            var mapping = Expect<YMapping>(entry.Value, "knowledge", "a mapping with the keys 'charts' and 'externalCrdSources'");
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            try
            {
                stream.Load(new NodeEventParser(mapping, MaxKnowledgeNodes));
            }
            catch (NodeEventParser.TooLargeException)
            {
                throw new ConfigurationException(
                    file,
                    entry.Key.Start,
                    string.Create(CultureInfo.InvariantCulture, $"The key 'knowledge' has more than {MaxKnowledgeNodes} YAML nodes once its aliases are expanded. Write fewer entries, or repeat fewer anchors with aliases."));
            }
            catch (YamlDotNet.Core.YamlException exception)
            {
                throw new ConfigurationException(file, new Position((int)exception.Start.Line, (int)exception.Start.Column), $"The file is not valid YAML: {exception.Message}");
            }

            try
            {
                return KnowledgeBase.ParseNode(stream.Documents[0].RootNode, file);
            }
            catch (KnowledgeBaseFormatException exception)
            {
                var position = exception.Line > 0 ? new Position((int)exception.Line, (int)exception.Column) : entry.Key.Start;
                throw new ConfigurationException(file, position, $"Under 'knowledge': {exception.Problem ?? exception.Message}. The entries follow the schema of the built-in knowledge base; see docs/knowledge-base.md.");
            }
        }

        private string RelativeFolder(YScalar item, string key)
        {
            var value = item.Value.Trim();
            var relative = value.StartsWith('/') ? null : RepositoryFiles.Join("", value);
            if (relative is null || value.Length == 0)
                throw new ConfigurationException(file, item.Start, $"'{item.Value}' under '{key}' is not a folder inside the repository. Write it relative to the repository root, such as 'clusters/production'.");
            return relative;
        }

        private long Whole(YEntry entry, long maximum)
        {
            var key = $"limits.{entry.Key.Value}";
            if (entry.Value is YScalar scalar
                && YamlScalarTypes.Classify(scalar) == ScalarType.Integer
                && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && value >= 1
                && value <= maximum)
            {
                return value;
            }

            var actual = entry.Value is YScalar plain ? $"'{plain.Value}'" : Describe(entry.Value);
            throw new ConfigurationException(
                file,
                entry.Value.Start,
                string.Create(CultureInfo.InvariantCulture, $"The key '{key}' must be a whole number from 1 to {maximum}, but it is {actual}."));
        }

        private List<YScalar> Strings(YEntry entry, string key, string expected)
        {
            var sequence = Expect<YSequence>(entry.Value, key, expected);
            var items = new List<YScalar>();
            foreach (var item in sequence.Items)
            {
                if (item is not YScalar scalar || YamlScalarTypes.Classify(scalar) != ScalarType.String)
                    throw new ConfigurationException(file, item.Start, $"Each entry under '{key}' must be a string, but one is {Describe(item)}.");
                items.Add(scalar);
            }

            return items;
        }

        private T Expect<T>(YNode node, string key, string expected)
            where T : YNode =>
            node as T ?? throw new ConfigurationException(file, node.Start, $"The key '{key}' must be {expected}, but it is {Describe(node)}.");
    }
}
