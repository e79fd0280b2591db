using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FluxRaceLint.Knowledge;

/// <summary>
/// Typed access to the fields of one YAML mapping of the knowledge base. Unknown field names are rejected
/// on construction, so a misspelt field fails the load instead of being ignored.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly string _source;
    private readonly string _context;

    public YamlFields(YamlNode node, string source, string context, params string[] allowedFields)
    {
        _source = source;
        _context = context;
        if (node is not YamlMappingNode mapping)
        {
            throw Error(node, $"{context} must be a mapping");
        }

        _node = mapping;
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !allowedFields.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, $"unknown field '{name}' in {context}, expected one of: {string.Join(", ", allowedFields)}");
            }
        }
    }

    public YamlMappingNode Node => _node;

    public bool Has(string field) => Find(field) is not null;

    public string RequiredString(string field) =>
        OptionalString(field) ?? throw Error(_node, $"{_context} is missing the required field '{field}'");

    public string? OptionalString(string field)
    {
        var value = Find(field);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            throw Error(value, $"'{field}' in {_context} must be a scalar");
        }

        return IsNull(scalar) ? null : scalar.Value;
    }

    public bool RequiredBool(string field) =>
        OptionalBool(field) ?? throw Error(_node, $"{_context} is missing the required boolean field '{field}'");

    public bool? OptionalBool(string field)
    {
        var text = OptionalString(field);
        if (text is null)
        {
            return null;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw Error(Find(field)!, $"'{field}' in {_context} must be true or false, not '{text}'");
    }

    public IReadOnlyList<string> StringList(string field)
    {
        var value = Find(field);
        if (value is null || value is YamlScalarNode scalar && IsNull(scalar))
        {
            return [];
        }

        if (value is not YamlSequenceNode sequence)
        {
            throw Error(value, $"'{field}' in {_context} must be a list");
        }

        return sequence.Children
            .Select(item => item is YamlScalarNode { Value: not null } text
                ? text.Value
                : throw Error(item, $"'{field}' in {_context} must contain only scalars"))
            .ToList();
    }

    /// <summary>Returns the items of a list field. A missing field or an explicit null gives an empty list.</summary>
    public IReadOnlyList<YamlNode> Items(string field)
    {
        var value = Find(field);
        if (value is null || value is YamlScalarNode scalar && IsNull(scalar))
        {
            return [];
        }

        return value is YamlSequenceNode sequence
            ? sequence.Children.ToList()
            : throw Error(value, $"'{field}' in {_context} must be a list");
    }

    public YamlNode? Find(string field) =>
        _node.Children.TryGetValue(new YamlScalarNode(field), out var value) ? value : null;

    public T ParseEnum<T>(string field, T defaultValue, params (string Text, T Value)[] names)
    {
        var text = OptionalString(field);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (name, value) in names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var expected = string.Join(", ", names.Select(name => name.Text));
        throw Error(Find(field)!, $"'{field}' in {_context} has the invalid value '{text}', expected one of: {expected}");
    }

    public KnowledgeBaseFormatException Error(YamlNode node, string problem) => Error(_source, node, problem);

    public static KnowledgeBaseFormatException Error(string source, YamlNode node, string problem) =>
        new(source, node.Start.Line, node.Start.Column, problem);

    public static KnowledgeBaseFormatException Error(string source, Mark mark, string problem, Exception? inner = null) =>
        new(source, mark.Line, mark.Column, problem, inner);

    // Only a plain scalar spells null, because a quoted "" is the empty string (the core API group).
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
