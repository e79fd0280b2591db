using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Configuration;

/// <summary>The setting of one rule in the configuration: off, or the level its findings are reported at.</summary>
public enum RuleSetting
{
    Off,
    Note,
    Warning,
    Error,
}

public static class RuleSettings
{
    /// <summary>The values a rule accepts under <c>rules:</c>, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["off", "note", "warning", "error"];

    public static string ToName(this RuleSetting setting) => Names[(int)setting];

    public static bool TryParse(string text, out RuleSetting setting)
    {
        var index = Names.ToList().IndexOf(text);
        setting = index < 0 ? RuleSetting.Off : (RuleSetting)index;
        return index >= 0;
    }

    /// <summary>Returns the level a setting gives a finding, or null for <see cref="RuleSetting.Off"/>.</summary>
    public static Severity? ToSeverity(this RuleSetting setting) => setting switch
    {
        RuleSetting.Note => Severity.Note,
        RuleSetting.Warning => Severity.Warning,
        RuleSetting.Error => Severity.Error,
        _ => null,
    };
}
