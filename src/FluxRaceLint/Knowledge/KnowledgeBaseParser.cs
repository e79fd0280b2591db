using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FluxRaceLint.Knowledge;

/// <summary>
/// Builds a <see cref="KnowledgeBase"/> from YAML with YamlDotNet's representation model, which needs no
/// reflection and so works in the NativeAOT build.
/// </summary>
internal sealed class KnowledgeBaseParser
{
    private static readonly (string, CrdDelivery)[] Deliveries =
    [
        ("crds-directory", CrdDelivery.CrdsDirectory),
        ("templates", CrdDelivery.Templates),
        ("hook-job", CrdDelivery.HookJob),
        ("runtime", CrdDelivery.Runtime),
        ("none", CrdDelivery.None),
    ];

    private static readonly (string, CrdKeyEffect)[] Effects =
    [
        ("enables", CrdKeyEffect.Enables),
        ("disables", CrdKeyEffect.Disables),
        ("keeps", CrdKeyEffect.Keeps),
        ("upgrades", CrdKeyEffect.Upgrades),
        ("option", CrdKeyEffect.Option),
    ];

    private static readonly (string, WebhookFailurePolicy)[] FailurePolicies =
    [
        ("Fail", WebhookFailurePolicy.Fail),
        ("Ignore", WebhookFailurePolicy.Ignore),
    ];

    private static readonly (string, KnowledgeConfidence)[] Confidences =
    [
        ("high", KnowledgeConfidence.High),
        ("low", KnowledgeConfidence.Low),
    ];

    private readonly string _source;

    private KnowledgeBaseParser(string source) => _source = source;

    public static KnowledgeBase Parse(TextReader reader, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            throw YamlFields.Error(source, exception.Start, $"invalid YAML: {exception.Message}", exception);
        }

        if (stream.Documents.Count != 1)
        {
            throw new KnowledgeBaseFormatException(source, 0, 0, $"expected one YAML document, found {stream.Documents.Count}");
        }

        return new KnowledgeBaseParser(source).ParseRoot(stream.Documents[0].RootNode);
    }

    /// <summary>Parses a node in the schema of the embedded file, such as the <c>knowledge</c> key of a configuration file.</summary>
    public static KnowledgeBase ParseNode(YamlNode node, string source) => new KnowledgeBaseParser(source).ParseRoot(node);

    private KnowledgeBase ParseRoot(YamlNode root)
    {
        var fields = Fields(root, "the knowledge base", "charts", "externalCrdSources");
        var charts = fields.Items("charts").Select(ParseChart).ToList();
        var sources = fields.Items("externalCrdSources").Select(ParseExternalCrdSource).ToList();
        return new KnowledgeBase(charts, sources);
    }

    private ChartInfo ParseChart(YamlNode node)
    {
        var fields = Fields(node, "chart", "name", "repositories", "requiresRepositoryMatch", "confidence", "note",
            "crds", "webhooks", "rendersCustomResources", "hookWaitsForWebhook");
        var name = fields.RequiredString("name");
        var context = $"chart '{name}'";

        var crdsNode = fields.Find("crds");
        var hookNode = fields.Find("hookWaitsForWebhook");
        var chart = new ChartInfo
        {
            Name = name,
            Repositories = fields.StringList("repositories"),
            RequiresRepositoryMatch = fields.OptionalBool("requiresRepositoryMatch") ?? false,
            Confidence = fields.ParseEnum("confidence", KnowledgeConfidence.High, Confidences),
            Note = fields.OptionalString("note"),
            Crds = crdsNode is null ? new CrdInfo { Delivery = CrdDelivery.Unknown } : ParseCrds(crdsNode, context),
            Webhooks = fields.Items("webhooks").Select(item => ParseWebhook(item, context)).ToList(),
            RendersCustomResources = fields.Items("rendersCustomResources")
                .Select(item => ParseRenderedCustomResource(item, context))
                .ToList(),
            HookWaitsForWebhook = hookNode is null ? null : ParseReadinessHook(hookNode, context),
        };

        if (chart.RequiresRepositoryMatch && chart.Repositories.Count == 0)
        {
            throw fields.Error(node, $"{context} sets requiresRepositoryMatch but lists no repositories");
        }

        return chart;
    }

    private CrdInfo ParseCrds(YamlNode node, string chartContext)
    {
        var context = $"crds of {chartContext}";
        var fields = Fields(node, context, "delivery", "gate", "groups", "keys", "conflicts");
        var keys = fields.Items("keys").Select(item => ParseCrdKey(item, context)).ToList();
        return new CrdInfo
        {
            Delivery = fields.ParseEnum("delivery", CrdDelivery.Unknown, Deliveries),
            Gate = fields.ParseEnum("gate", CrdGate.AllMustBeTrue,
                ("allMustBeTrue", CrdGate.AllMustBeTrue), ("anyEnables", CrdGate.AnyEnables)),
            Groups = fields.Items("groups").Select(item => ParseGroup(item, context)).ToList(),
            Keys = keys,
            Conflicts = fields.Items("conflicts").Select(item => ParseConflict(item, context, keys)).ToList(),
        };
    }

    private CrdGroup ParseGroup(YamlNode node, string parentContext)
    {
        var fields = Fields(node, $"a group of {parentContext}", "group", "kinds", "delivery", "note");
        CrdDelivery? delivery = fields.Has("delivery")
            ? fields.ParseEnum("delivery", CrdDelivery.Unknown, Deliveries)
            : null;
        return new CrdGroup(fields.RequiredString("group"), fields.StringList("kinds"), delivery, fields.OptionalString("note"));
    }

    private CrdValuesKey ParseCrdKey(YamlNode node, string parentContext)
    {
        var fields = Fields(node, $"a key of {parentContext}",
            "key", "default", "effect", "group", "kinds", "sinceVersion", "untilVersion", "note");
        var key = fields.RequiredString("key");
        var context = $"key '{key}' of {parentContext}";
        if (!fields.Has("effect"))
        {
            throw fields.Error(node, $"{context} is missing the required field 'effect'");
        }

        var effect = fields.ParseEnum("effect", CrdKeyEffect.Option, Effects);
        var isPrefix = key.EndsWith(".*", StringComparison.Ordinal);
        if (isPrefix && effect != CrdKeyEffect.Option)
        {
            throw fields.Error(node, $"{context} ends in '.*', which is only allowed with effect: option");
        }

        var defaultValue = effect == CrdKeyEffect.Option ? BooleanDefaultOrNull(fields) : fields.RequiredBool("default");

        return new CrdValuesKey(
            key,
            defaultValue,
            effect,
            fields.OptionalString("group"),
            fields.StringList("kinds"),
            ParseVersion(fields, "sinceVersion", context),
            ParseVersion(fields, "untilVersion", context),
            fields.OptionalString("note"));
    }

    private CrdKeyConflict ParseConflict(YamlNode node, string parentContext, IReadOnlyList<CrdValuesKey> keys)
    {
        var context = $"a conflict of {parentContext}";
        var fields = Fields(node, context, "when", "reason");
        var when = fields.Find("when") as YamlMappingNode
            ?? throw fields.Error(node, $"{context} is missing the 'when' mapping of key to boolean");

        var conditions = new List<ConflictCondition>();
        foreach (var (keyNode, valueNode) in when.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? throw fields.Error(keyNode, $"{context} has a key that is not a scalar");
            if (valueNode is not YamlScalarNode { Value: var text } || !bool.TryParse(text, out var value))
            {
                throw fields.Error(valueNode, $"'{key}' in {context} must map to true or false");
            }

            var known = keys.FirstOrDefault(candidate => string.Equals(candidate.Key, key, StringComparison.Ordinal));
            if (known?.Default is not { } defaultValue)
            {
                throw fields.Error(keyNode, $"'{key}' in {context} must be listed in keys with a boolean default");
            }

            conditions.Add(new ConflictCondition(key, value, defaultValue));
        }

        return new CrdKeyConflict(conditions, fields.RequiredString("reason"));
    }

    private WebhookInfo ParseWebhook(YamlNode node, string chartContext)
    {
        var fields = Fields(node, $"a webhook of {chartContext}", "name", "type", "configuration", "groups", "kinds",
            "enabledBy", "enabledByDefault", "requires", "disabledBy", "failurePolicy", "failurePolicyKey",
            "failurePolicyWhenKeyEmpty", "runtime", "confidence", "note");
        var name = fields.RequiredString("name");
        var context = $"webhook '{name}' of {chartContext}";
        if (!fields.Has("type") || !fields.Has("failurePolicy") || !fields.Has("groups"))
        {
            throw fields.Error(node, $"{context} is missing one of the required fields 'type', 'groups' and 'failurePolicy'");
        }

        var enabledBy = fields.OptionalString("enabledBy");
        if (enabledBy is not null && !fields.Has("enabledByDefault"))
        {
            throw fields.Error(node, $"{context} sets enabledBy but is missing enabledByDefault");
        }

        var disabledByNode = fields.Find("disabledBy");
        var fallbackNode = fields.Find("failurePolicyWhenKeyEmpty");
        return new WebhookInfo
        {
            Name = name,
            Type = fields.ParseEnum("type", WebhookType.Validating,
                ("validating", WebhookType.Validating), ("mutating", WebhookType.Mutating), ("conversion", WebhookType.Conversion)),
            Configuration = fields.OptionalString("configuration"),
            Groups = fields.StringList("groups"),
            Kinds = fields.StringList("kinds"),
            EnabledBy = enabledBy,
            EnabledByDefault = enabledBy is null || fields.RequiredBool("enabledByDefault"),
            Requires = fields.Items("requires").Select(item => ParseSwitch(item, $"a requirement of {context}")).ToList(),
            DisabledBy = disabledByNode is null ? null : ParseSwitch(disabledByNode, $"disabledBy of {context}"),
            FailurePolicy = fields.ParseEnum("failurePolicy", WebhookFailurePolicy.Fail, FailurePolicies),
            FailurePolicyKey = fields.OptionalString("failurePolicyKey"),
            FailurePolicyWhenKeyEmpty = fallbackNode is null ? null : ParseFallback(fallbackNode, context),
            Runtime = fields.OptionalBool("runtime") ?? false,
            Confidence = fields.ParseEnum("confidence", KnowledgeConfidence.High, Confidences),
            Note = fields.OptionalString("note"),
        };
    }

    private FailurePolicyFallback ParseFallback(YamlNode node, string webhookContext)
    {
        var context = $"failurePolicyWhenKeyEmpty of {webhookContext}";
        var fields = Fields(node, context, "key", "default", "whenTrue", "whenFalse");
        if (!fields.Has("whenTrue") || !fields.Has("whenFalse"))
        {
            throw fields.Error(node, $"{context} is missing 'whenTrue' or 'whenFalse'");
        }

        return new FailurePolicyFallback(
            new ValuesSwitch(fields.RequiredString("key"), fields.RequiredBool("default")),
            fields.ParseEnum("whenTrue", WebhookFailurePolicy.Fail, FailurePolicies),
            fields.ParseEnum("whenFalse", WebhookFailurePolicy.Fail, FailurePolicies));
    }

    private RenderedCustomResource ParseRenderedCustomResource(YamlNode node, string chartContext)
    {
        var context = $"a rendersCustomResources entry of {chartContext}";
        var fields = Fields(node, context, "key", "default", "requires", "group", "kinds", "note");
        var key = fields.OptionalString("key");
        var kinds = fields.StringList("kinds");
        if (kinds.Count == 0)
        {
            throw fields.Error(node, $"{context} is missing its kinds");
        }

        return new RenderedCustomResource(
            key,
            key is null || fields.RequiredBool("default"),
            fields.Items("requires").Select(item => ParseSwitch(item, $"a requirement of {context}")).ToList(),
            fields.RequiredString("group"),
            kinds,
            fields.OptionalString("note"));
    }

    private WebhookReadinessHook ParseReadinessHook(YamlNode node, string chartContext)
    {
        var context = $"hookWaitsForWebhook of {chartContext}";
        var fields = Fields(node, context, "key", "default", "phases", "note");
        var phases = fields.StringList("phases");
        var invalid = phases.FirstOrDefault(phase => phase is not ("install" or "upgrade"));
        if (invalid is not null)
        {
            throw fields.Error(node, $"{context} has the invalid phase '{invalid}', expected install or upgrade");
        }

        return new WebhookReadinessHook(
            new ValuesSwitch(fields.RequiredString("key"), fields.RequiredBool("default")),
            phases,
            fields.OptionalString("note"));
    }

    private ExternalCrdSource ParseExternalCrdSource(YamlNode node)
    {
        var fields = Fields(node, "external CRD source", "name", "urls", "paths", "groups", "note");
        var name = fields.RequiredString("name");
        var context = $"external CRD source '{name}'";
        var urls = fields.StringList("urls");
        var paths = fields.Items("paths").Select(item => ParseExternalPath(item, context)).ToList();
        if (urls.Count == 0 || paths.Count == 0)
        {
            throw fields.Error(node, $"{context} is missing its urls or paths");
        }

        return new ExternalCrdSource
        {
            Name = name,
            Urls = urls,
            Paths = paths,
            Groups = fields.Items("groups").Select(item => ParseGroup(item, context)).ToList(),
            Note = fields.OptionalString("note"),
        };
    }

    private ExternalCrdPath ParseExternalPath(YamlNode node, string sourceContext)
    {
        var fields = Fields(node, $"a path of {sourceContext}", "path", "note");
        var path = RepositoryUrl.NormalizeRepositoryPath(fields.RequiredString("path"));
        if (path.Length == 0)
        {
            throw fields.Error(node, $"a path of {sourceContext} must not be the repository root");
        }

        return new ExternalCrdPath(path, fields.OptionalString("note"));
    }

    private ValuesSwitch ParseSwitch(YamlNode node, string context)
    {
        var fields = Fields(node, context, "key", "default");
        return new ValuesSwitch(fields.RequiredString("key"), fields.RequiredBool("default"));
    }

    // Option keys may have defaults of any type (maps, strings), and only a boolean one is kept.
    private static bool? BooleanDefaultOrNull(YamlFields fields) =>
        fields.Find("default") is YamlScalarNode { Value: var text } && bool.TryParse(text, out var value) ? value : null;

    private static ChartVersion? ParseVersion(YamlFields fields, string field, string context)
    {
        var text = fields.OptionalString(field);
        if (text is null)
        {
            return null;
        }

        return ChartVersion.TryParse(text, out var version)
            ? version
            : throw fields.Error(fields.Find(field)!, $"'{field}' of {context} is not a chart version: '{text}'");
    }

    private YamlFields Fields(YamlNode node, string context, params string[] allowedFields) =>
        new(node, _source, context, allowedFields);
}
