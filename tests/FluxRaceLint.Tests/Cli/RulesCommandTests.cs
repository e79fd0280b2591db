using System.Text.RegularExpressions;
using FluxRaceLint.Cli;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Cli;

public sealed partial class RulesCommandTests
{
    private static string CurrentDirectory => TestPaths.ProjectRoot;

    [Fact]
    public void Rules_lists_the_catalogue_in_order()
    {
        var (_, output, _) = TestCli.Run(CurrentDirectory, "rules");

        var ids = output.TrimEnd('\n').Split('\n').Select(line => line.Split(' ')[0]).ToList();

        ids.ShouldBe(RuleCatalog.All.Select(rule => rule.Id).ToList());
    }

    [Fact]
    public void Rules_line_gives_id_level_name_and_title()
    {
        var (_, output, _) = TestCli.Run(CurrentDirectory, "rules");

        var lines = output.TrimEnd('\n').Split('\n')
            .Select(line => ListLinePattern().Match(line))
            .Select(match => (match.Groups["id"].Value, match.Groups["level"].Value, match.Groups["name"].Value, match.Groups["title"].Value))
            .ToList();

        lines.ShouldBe(RuleCatalog.All.Select(rule => (rule.Id, rule.DefaultSeverity.ToName(), rule.Name, rule.Title)).ToList());
    }

    [Fact]
    public void Rules_without_id_succeeds_quietly()
    {
        var (exitCode, _, error) = TestCli.Run(CurrentDirectory, "rules");

        (exitCode, error).ShouldBe((ExitCodes.Success, ""));
    }

    [Fact]
    public void Rules_with_id_prints_the_embedded_page()
    {
        var (_, output, _) = TestCli.Run(CurrentDirectory, "rules", "FRL003");

        output.ShouldBe(RulePages.Get("FRL003"));
    }

    [Fact]
    public void Rules_with_id_succeeds_quietly()
    {
        var (exitCode, _, error) = TestCli.Run(CurrentDirectory, "rules", "FRL003");

        (exitCode, error).ShouldBe((ExitCodes.Success, ""));
    }

    [Fact]
    public void Rules_matches_id_case_insensitively()
    {
        var (_, output, _) = TestCli.Run(CurrentDirectory, "rules", "frl007");

        output.ShouldBe(RulePages.Get("FRL007"));
    }

    [Fact]
    public void Rules_with_unknown_id_is_a_usage_error()
    {
        var (exitCode, output, _) = TestCli.Run(CurrentDirectory, "rules", "FRL999");

        (exitCode, output).ShouldBe((ExitCodes.Usage, ""));
    }

    [Fact]
    public void Rules_with_unknown_id_names_it_on_stderr()
    {
        var (_, _, error) = TestCli.Run(CurrentDirectory, "rules", "FRL999");

        error.TrimEnd().ShouldBe("error: There is no rule 'FRL999'. Run 'fluxracelint rules' to list the rules.");
    }

    [Fact]
    public void Rules_with_two_ids_is_a_usage_error()
    {
        var (exitCode, _, _) = TestCli.Run(CurrentDirectory, "rules", "FRL001", "FRL002");

        exitCode.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public void Every_rule_page_can_be_printed()
    {
        var missing = RuleCatalog.All.Where(rule => RulePages.Get(rule.Id) is null).Select(rule => rule.Id).ToList();

        missing.ShouldBeEmpty();
    }

    [GeneratedRegex(@"^(?<id>FRL\d{3})  (?<level>error|warning|note) +(?<name>[A-Za-z]+) +(?<title>\S.*)$")]
    private static partial Regex ListLinePattern();
}
