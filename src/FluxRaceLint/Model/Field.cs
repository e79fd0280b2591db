using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>A field value with the YAML node it came from, for findings that point at it.</summary>
public sealed record Field<T>(T Value, YNode Node);

/// <summary>Typed reads of manifest fields. A value that contains a postBuild variable is unknown.</summary>
public static class Fields
{
    public static bool HasVariable(string text) => text.Contains("${", StringComparison.Ordinal);

    public static YMapping? Mapping(YMapping? parent, string key) => parent?.Get(key) as YMapping;

    public static YSequence? Sequence(YMapping? parent, string key) => parent?.Get(key) as YSequence;

    public static Field<string>? String(YMapping? parent, string key) =>
        parent?.Get(key) is YScalar { IsNull: false } scalar ? new Field<string>(scalar.Value, scalar) : null;

    /// <summary>Returns true or false for a YAML boolean, or null when absent, templated or not a boolean.</summary>
    public static Field<bool>? Bool(YMapping? parent, string key)
    {
        if (parent?.Get(key) is not YScalar scalar)
            return null;
        return ParseBool(scalar) is { } value ? new Field<bool>(value, scalar) : null;
    }

    public static bool? ParseBool(YScalar scalar)
    {
        if (!scalar.IsPlain && !(scalar.Value is "true" or "false"))
            return null;
        return scalar.Value switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => null,
        };
    }

    public static Field<TimeSpan>? Duration(YMapping? parent, string key)
    {
        if (parent?.Get(key) is not YScalar scalar)
            return null;
        return FluxDuration.TryParse(scalar.Value, out var value) ? new Field<TimeSpan>(value, scalar) : null;
    }
}
