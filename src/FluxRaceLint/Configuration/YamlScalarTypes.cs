using System.Text.RegularExpressions;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Configuration;

/// <summary>What a YAML scalar resolves to under the YAML 1.2 core schema.</summary>
public enum ScalarType
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}

/// <summary>
/// Resolves plain scalars the way YAML 1.2 does: <c>off</c> and <c>yes</c> stay strings, only
/// <c>true</c> and <c>false</c> are booleans. A quoted scalar is always a string.
/// </summary>
public static partial class YamlScalarTypes
{
    public static ScalarType Classify(YScalar scalar)
    {
        if (!scalar.IsPlain)
            return ScalarType.String;
        var value = scalar.Value;
        if (value is "" or "~" or "null" or "Null" or "NULL")
            return ScalarType.Null;
        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            return ScalarType.Boolean;
        if (Integer().IsMatch(value))
            return ScalarType.Integer;
        if (Float().IsMatch(value))
            return ScalarType.Float;
        return ScalarType.String;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Float();
}
