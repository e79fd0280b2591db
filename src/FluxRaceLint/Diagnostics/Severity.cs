namespace FluxRaceLint.Diagnostics;

/// <summary>Level of a finding, ordered so that a larger value is more severe.</summary>
public enum Severity
{
    Note = 0,
    Warning = 1,
    Error = 2,
}

public static class SeverityNames
{
    /// <summary>Returns the lower-case name used in text output, SARIF and configuration.</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Note => "note",
        Severity.Warning => "warning",
        _ => "error",
    };

    public static bool TryParse(string text, out Severity severity)
    {
        switch (text.ToLowerInvariant())
        {
            case "note" or "info":
                severity = Severity.Note;
                return true;
            case "warning":
                severity = Severity.Warning;
                return true;
            case "error":
                severity = Severity.Error;
                return true;
            default:
                severity = Severity.Error;
                return false;
        }
    }
}
