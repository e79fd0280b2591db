using System.Text.RegularExpressions;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// The data of a ConfigMap or Secret manifest as the API server stores it: a ConfigMap's 'data', or a
/// Secret's base64 'data' decoded, with 'stringData' taking precedence for the same key.
/// </summary>
/// <param name="Values">The keys and values the manifest shows. A value may contain '${' and so be unknown.</param>
/// <param name="IsComplete">False when the object may have keys beyond <paramref name="Values"/>.</param>
/// <param name="UnreadableReason">Why no value can be trusted, such as SOPS encryption, or null when the data is readable.</param>
public sealed partial record ConfigData(IReadOnlyDictionary<string, string> Values, bool IsComplete, string? UnreadableReason)
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>(StringComparer.Ordinal);

    public bool IsReadable => UnreadableReason is null;

    /// <summary>The <see cref="UnreadableReason"/> of SOPS-encrypted data.</summary>
    public const string SopsReason = "it is SOPS-encrypted";

    public static ConfigData Unreadable(string reason) => new(Empty, false, reason);

    public static ConfigData Read(KubeObject obj)
    {
        if (SecretEncoding.IsSopsEncrypted(obj))
            return Unreadable(SopsReason);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var complete = true;
        var sections = obj.Kind == "Secret" ? new[] { "data", "stringData" } : ["data"];
        foreach (var section in sections)
        {
            var node = obj.Root.Get(section);
            if (node is null or YScalar { IsNull: true })
                continue;
            if (node is not YMapping mapping)
                return Unreadable($"its '{section}' is not a mapping");
            foreach (var entry in mapping.Entries)
            {
                if (entry.Key.Value == UnknownValue.MoreKeys)
                {
                    complete = false;
                    continue;
                }

                if (entry.Value is not YScalar scalar)
                    return Unreadable($"the value of '{section}.{entry.Key.Value}' is not a string");
                if (SecretEncoding.IsSopsEncrypted(scalar.Value))
                    return Unreadable(SopsReason);
                if (IsNonString(scalar) && (section == "stringData" || obj.Kind != "Secret"))
                    return Unreadable($"the value of '{section}.{entry.Key.Value}' is a number or boolean, not a string, so the API server rejects the object");
                if (section == "stringData" || obj.Kind != "Secret")
                {
                    values[entry.Key.Value] = scalar.Value;
                    continue;
                }

                if (SecretEncoding.DecodeBase64(scalar.Value) is not { } decoded)
                    return Unreadable($"the value of 'data.{entry.Key.Value}' is not valid base64 of UTF-8 text");
                if (SecretEncoding.IsSopsEncrypted(decoded))
                    return Unreadable(SopsReason);
                values[entry.Key.Value] = decoded;
            }
        }

        return new ConfigData(values, complete, null);
    }

    /// <summary>
    /// Returns whether <see cref="Read"/> rejects a value of a ConfigMap's 'data' or a Secret's
    /// 'stringData' and so makes the whole object unreadable.
    /// </summary>
    public static bool RejectsTextValue(YNode value) =>
        value is not YScalar scalar || SecretEncoding.IsSopsEncrypted(scalar.Value) || IsNonString(scalar);

    /// <summary>
    /// Returns whether an unquoted scalar decodes to a number or boolean, which a string field does
    /// not accept. The YAML 1.1 booleans (yes, no, on, off) count, as the Kubernetes YAML decoder reads them.
    /// </summary>
    private static bool IsNonString(YScalar scalar) =>
        scalar.IsPlain && !scalar.IsNull && NonStringPlain().IsMatch(scalar.Value);

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)?\.?[0-9]+(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o?[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$")]
    private static partial Regex NonStringPlain();
}
