using System.Text.RegularExpressions;
using FluxRaceLint.Cli;

namespace FluxRaceLint.Tests.Cli;

/// <summary>
/// 'check --color' and the auto-detection behind it, run against a stub terminal environment so
/// that no test reads the real console or changes the process environment.
/// </summary>
public sealed class ColorOptionTests
{
    private const string RedError = "\e[1;31merror\e[0m";

    private static readonly TerminalEnvironment Terminal = new(OutputIsTerminal: true, NoColor: null, Term: "xterm-256color");

    private static string Fixture => Path.Combine(TestPaths.Testdata, "guide", "fires-two-level");

    [Theory]
    [InlineData("auto", true, null, "xterm", true)]
    [InlineData("auto", false, null, "xterm", false)]
    [InlineData("auto", true, "1", "xterm", false)]
    [InlineData("auto", true, "false", "xterm", false)]
    [InlineData("auto", true, "", "xterm", true)]
    [InlineData("auto", true, null, "dumb", false)]
    [InlineData("auto", true, null, null, true)]
    [InlineData("always", false, null, null, true)]
    [InlineData("always", true, "1", "dumb", true)]
    [InlineData("never", true, null, "xterm", false)]
    public void Color_choice_follows_precedence(string mode, bool outputIsTerminal, string? noColor, string? term, bool expected)
    {
        var terminal = new TerminalEnvironment(outputIsTerminal, noColor, term);

        ColorChoice.ShouldColor(mode, terminal).ShouldBe(expected);
    }

    [Fact]
    public void Auto_colors_a_terminal()
    {
        var (exitCode, output, _) = TestCli.Run(Terminal, Fixture, "check", ".");

        exitCode.ShouldBe(1);
        output.ShouldContain($" {RedError} \e[1mFRL003\e[0m ");
        output.ShouldStartWith("\e[1minfrastructure/external-secrets/deployment-crs.yaml:7:3:\e[0m ");
    }

    [Fact]
    public void Auto_without_terminal_is_plain()
    {
        var (_, output, _) = TestCli.Run(Fixture, "check", ".");

        output.ShouldNotContain('\e');
        output.ShouldContain(": error FRL003 ");
    }

    [Fact]
    public void No_color_disables_auto()
    {
        var (_, output, _) = TestCli.Run(Terminal with { NoColor = "1" }, Fixture, "check", ".");

        output.ShouldNotContain('\e');
    }

    [Fact]
    public void Empty_no_color_keeps_auto()
    {
        var (_, output, _) = TestCli.Run(Terminal with { NoColor = "" }, Fixture, "check", ".");

        output.ShouldContain(RedError);
    }

    [Fact]
    public void Dumb_terminal_disables_auto()
    {
        var (_, output, _) = TestCli.Run(Terminal with { Term = "dumb" }, Fixture, "check", ".");

        output.ShouldNotContain('\e');
    }

    [Fact]
    public void Always_colors_redirected_output()
    {
        var (_, output, _) = TestCli.Run(Fixture, "check", ".", "--color", "always");

        output.ShouldContain(RedError);
    }

    [Fact]
    public void Always_wins_over_no_color()
    {
        var (_, output, _) = TestCli.Run(Terminal with { NoColor = "1" }, Fixture, "check", ".", "--color=always");

        output.ShouldContain(RedError);
    }

    [Fact]
    public void Never_wins_over_terminal()
    {
        var (_, output, _) = TestCli.Run(Terminal, Fixture, "check", ".", "--color", "never");

        output.ShouldNotContain('\e');
    }

    [Fact]
    public void Color_leaves_exit_code_and_text()
    {
        var plain = TestCli.Run(Fixture, "check", ".", "--color", "never");
        var colored = TestCli.Run(Fixture, "check", ".", "--color", "always");

        colored.ExitCode.ShouldBe(plain.ExitCode);
        colored.Error.ShouldBe(plain.Error);
        Regex.Replace(colored.Output, "\e\\[[0-9;]*m", "").ShouldBe(plain.Output);
    }

    [Fact]
    public void Invalid_color_is_a_usage_error()
    {
        var (exitCode, output, error) = TestCli.Run(Fixture, "check", ".", "--color", "yes");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain("'yes'");
        error.ShouldContain("'auto'");
        error.ShouldContain("'always'");
        error.ShouldContain("'never'");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("sarif")]
    [InlineData("json")]
    [InlineData("github")]
    public void Output_file_is_never_colored(string format)
    {
        using var directory = new TempRepository();
        var file = Path.Combine(directory.Root, "report");

        var (_, output, _) = TestCli.Run(Terminal, Fixture, "check", ".", "--color", "always", "--format", format, "--output", file);

        File.ReadAllText(file).ShouldNotContain('\e');
        output.ShouldContain(RedError);
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("json")]
    [InlineData("github")]
    public void Other_formats_on_stdout_are_never_colored(string format)
    {
        var (_, output, _) = TestCli.Run(Terminal, Fixture, "check", ".", "--color", "always", "--format", format);

        output.ShouldNotBeEmpty();
        output.ShouldNotContain('\e');
    }

    [Fact]
    public void Verbose_on_stderr_is_never_colored()
    {
        var (_, _, error) = TestCli.Run(Terminal, Fixture, "check", ".", "--color", "always", "--verbose");

        error.ShouldContain("verbose: ");
        error.ShouldNotContain('\e');
    }
}
