using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

/// <summary>
/// ANSI SGR escapes for text output: each method wraps its text in one style and a reset, or
/// returns the text unchanged when color is off.
/// </summary>
internal readonly record struct AnsiStyle(bool Enabled)
{
    public string Bold(string text) => Wrap("1", text);

    /// <summary>Bold red for errors, bold yellow for warnings, bold cyan for notes.</summary>
    public string Level(Severity level, string text) => level switch
    {
        Severity.Error => Wrap("1;31", text),
        Severity.Warning => Wrap("1;33", text),
        _ => Wrap("1;36", text),
    };

    /// <summary>Bold green, for a run without findings.</summary>
    public string Success(string text) => Wrap("1;32", text);

    private string Wrap(string parameters, string text) => Enabled ? $"\e[{parameters}m{text}\e[0m" : text;
}
