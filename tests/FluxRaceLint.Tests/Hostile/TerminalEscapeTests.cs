using System.Runtime.Versioning;
using FluxRaceLint.Configuration;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Control characters that the repository puts into names, keys and file names. Printed as they are,
/// they would run as terminal escape sequences (a new window title, a cleared screen, colors under
/// --color never) or start a line that reads as another finding.
/// </summary>
public sealed class TerminalEscapeTests
{
    /// <summary>An operating system command that sets the window title, and an erase of the screen.</summary>
    private const string Escapes = "\\e]0;title\\a\\e[2J";

    private const string Escaped = "\\u001B]0;title\\u0007\\u001B[2J";

    private static TempRepository Repository() =>
        new TempRepository().WithRacy()
            .With("racy/escapes.yaml", Racy.Kustomization.Replace("name: web", "name: escapes", StringComparison.Ordinal).Replace("name: database", $"name: \"data{Escapes}base\"", StringComparison.Ordinal));

    [Theory]
    [InlineData("text", "never")]
    [InlineData("text", "always")]
    [InlineData("github", "never")]
    public void Name_with_escape_sequences(string format, string color)
    {
        using var repository = Repository();

        var (exitCode, output, _) = Hostile.RunCli(repository.Root, "check", ".", "--format", format, "--color", color);

        exitCode.ShouldBe(1);
        output.ShouldContain($"data{Escaped}base");
        output.ShouldNotContain("\e]");
        output.ShouldNotContain("\a");
    }

    [Fact]
    public void Name_with_escape_sequences_in_json()
    {
        using var repository = Repository();

        var (_, output, _) = Hostile.RunCli(repository.Root, "check", ".", "--format", "json");

        output.ShouldContain("data\\u001B]0;title\\u0007\\u001B[2Jbase");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void File_name_with_newline_and_escape()
    {
        using var repository = new TempRepository().WithRacy().With("racy/evil\n\e[2Jname.yaml", Racy.Kustomization.Replace("name: web", "name: evil", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        outcome.Output.ShouldContain("racy/evil\\u000A\\u001B[2Jname.yaml:8:7: error FRL007");
        outcome.Output.ShouldNotContain("\e");
    }

    [Fact]
    public void Verbose_line_with_escape()
    {
        using var repository = Repository();

        var (_, _, error) = Hostile.RunCli(repository.Root, "check", ".", "--verbose");

        error.ShouldNotContain("\e");
    }

    [Fact]
    public void Configuration_key_with_escape()
    {
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, $"\"bad{Escapes}\": 1\n");

        var (exitCode, _, error) = Hostile.RunCli(repository.Root, "check", ".");

        exitCode.ShouldBe(2);
        error.ShouldContain($"Unknown key 'bad{Escaped}'.");
        error.ShouldNotContain("\e");
    }
}
