namespace FluxRaceLint.Cli;

/// <summary>
/// Facts about the process that decide whether <c>--color auto</c> colors standard output.
/// </summary>
/// <param name="OutputIsTerminal">
/// Standard output is a terminal that interprets ANSI escapes, not a file or a pipe.
/// </param>
/// <param name="NoColor">The value of <c>NO_COLOR</c>, or null when it is unset.</param>
/// <param name="Term">The value of <c>TERM</c>, or null when it is unset.</param>
public sealed record TerminalEnvironment(bool OutputIsTerminal, string? NoColor, string? Term)
{
    /// <summary>Output to a file or pipe and no variables set, so auto never colors.</summary>
    public static TerminalEnvironment Redirected { get; } = new(false, null, null);

    /// <summary>
    /// Reads this process's standard output and environment variables. On Windows it also turns on
    /// the console's processing of ANSI escapes, and reports no terminal when that fails.
    /// </summary>
    public static TerminalEnvironment FromProcess() => new(
        !Console.IsOutputRedirected && WindowsConsole.TryEnableAnsiEscapes(),
        Environment.GetEnvironmentVariable("NO_COLOR"),
        Environment.GetEnvironmentVariable("TERM"));
}

/// <summary>The values of <c>--color</c>, and how they and the environment decide on color.</summary>
internal static class ColorChoice
{
    public const string Auto = "auto";

    public const string Always = "always";

    public const string Never = "never";

    public static readonly IReadOnlyList<string> Modes = [Auto, Always, Never];

    /// <summary>
    /// Returns whether the text report on standard output gets ANSI colors. An explicit always or
    /// never wins over the environment. Under auto, a non-empty <c>NO_COLOR</c> turns color off
    /// (the convention of https://no-color.org), and otherwise only a terminal whose <c>TERM</c> is
    /// not <c>dumb</c> gets color.
    /// </summary>
    public static bool ShouldColor(string mode, TerminalEnvironment terminal) => mode switch
    {
        Always => true,
        Never => false,
        _ => terminal.OutputIsTerminal && string.IsNullOrEmpty(terminal.NoColor) && terminal.Term != "dumb",
    };
}
