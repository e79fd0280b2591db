using System.Text;
using System.Text.RegularExpressions;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// SOPS detection and base64 decoding for ConfigMap and Secret data, shared by every reader of that
/// data so that they agree on what is encrypted and what decodes.
/// </summary>
internal static partial class SecretEncoding
{
    /// <summary>Returns whether a manifest is SOPS-encrypted: SOPS adds a top-level 'sops' key to the files it encrypts.</summary>
    public static bool IsSopsEncrypted(KubeObject obj) => obj.Root.Get("sops") is not null;

    /// <summary>
    /// Returns whether a data value is SOPS-encrypted or contains a SOPS-encrypted file: SOPS writes
    /// each encrypted value as 'ENC[AES256_GCM,...]' and adds a 'sops' key (a 'sops_' line in dotenv files).
    /// </summary>
    public static bool IsSopsEncrypted(string text) =>
        text.StartsWith("ENC[", StringComparison.Ordinal)
        || text.Contains("ENC[AES256_GCM,", StringComparison.Ordinal)
        || SopsKey().IsMatch(text);

    /// <summary>
    /// Decodes a Secret's base64 data value as UTF-8 text. Returns null when it is not valid base64 of
    /// UTF-8 text, or when it contains a postBuild variable, which makes it undecodable until Flux
    /// has substituted it.
    /// </summary>
    public static string? DecodeBase64(string text)
    {
        if (Fields.HasVariable(text))
            return null;
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (Exception exception) when (exception is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(sops:|""sops""\s*:|sops_mac=)", RegexOptions.Multiline)]
    private static partial Regex SopsKey();
}
