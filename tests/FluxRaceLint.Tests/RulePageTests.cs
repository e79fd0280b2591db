using System.Text.RegularExpressions;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests;

/// <summary>
/// Checks the rule pages rules/&lt;ID&gt;.md against the catalogue and the linter. The examples of each page
/// are the fixtures testdata/rules/&lt;ID&gt;/fires-docs-example and ok-docs-example, and the page's output
/// blocks, file trees and YAML blocks titled with a fixture path must match them. With
/// FLUXRACELINT_UPDATE_EXPECTED=1 the tests rewrite those blocks, the expected files and rules/README.md.
/// </summary>
public sealed partial class RulePageTests
{
    private const string CheckCommandLine = "$ fluxracelint check .";
    private const string FailingFixture = "fires-docs-example";
    private const string FixedFixture = "ok-docs-example";

    private static readonly string[] Headings =
    [
        "What it flags",
        "Why it races",
        "Failing example",
        "Fixed example",
        "Options",
        "How to suppress",
        "Known limitations",
        "References",
    ];

    private static readonly string[] ExampleSections = ["Failing example", "Fixed example"];

    private readonly ITestOutputHelper _output;

    public RulePageTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string RulesDirectory => Path.Combine(TestPaths.ProjectRoot, "rules");

    public static TheoryData<string> RuleIds() => [.. RuleCatalog.All.Select(rule => rule.Id)];

    public static TheoryData<string> DocsFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var rule in RuleCatalog.All)
        {
            data.Add($"{rule.Id}/{FailingFixture}");
            data.Add($"{rule.Id}/{FixedFixture}");
        }

        return data;
    }

    [Fact]
    public void Every_rule_in_the_catalogue_has_a_page()
    {
        var missing = RuleCatalog.All.Where(rule => !File.Exists(PagePath(rule.Id))).Select(rule => rule.PagePath).ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Every_page_belongs_to_a_rule_in_the_catalogue()
    {
        var pages = Directory.Exists(RulesDirectory) ? Directory.GetFiles(RulesDirectory, "*.md") : [];

        var orphans = pages
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "README" && RuleCatalog.All.All(rule => rule.Id != name))
            .ToList();

        orphans.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Page_starts_with_the_rule_title_and_its_table(string id)
    {
        var rule = RuleCatalog.Find(id)!;
        var expected = $"# {rule.Id}: {rule.Name}\n\n| Level | Tags | Precision |\n|---|---|---|\n" +
            $"| {rule.DefaultSeverity.ToName()} | {string.Join(", ", rule.Tags)} | {rule.Precision} |\n";

        var page = ReadPage(id);

        page[..Math.Min(page.Length, expected.Length)].ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Page_has_every_heading_in_order(string id)
    {
        var page = Parse(ReadPage(id));

        page.Headings.ShouldBe(Headings);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Each_example_section_has_one_output_block(string id)
    {
        var page = Parse(ReadPage(id));

        var counts = ExampleSections
            .Select(section => page.Blocks.Count(b => b.Section == section && b.Content.FirstOrDefault() == CheckCommandLine))
            .ToList();

        counts.ShouldBe([1, 1]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Example_blocks_match_the_fixtures_and_the_cli_output(string id)
    {
        var path = PagePath(id);
        var page = ReadPage(id);

        var refreshed = Refresh(page, Path.Combine(TestPaths.Testdata, "rules", id));
        _output.WriteLine(refreshed);

        if (TestPaths.UpdateExpected && refreshed != page)
            File.WriteAllText(path, refreshed);
        page = ReadPage(id);
        page.ShouldBe(refreshed);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Failing_example_reports_only_the_rule_of_its_page(string id)
    {
        var (_, output, _) = TestCli.Run(Path.Combine(TestPaths.Testdata, "rules", id, FailingFixture), "check", ".");
        _output.WriteLine(output);

        var reported = FindingPattern().Matches(output).Select(m => m.Groups["rule"].Value).Distinct().ToList();

        reported.ShouldBe([id]);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Fixed_example_reports_nothing(string id)
    {
        var (_, output, _) = TestCli.Run(Path.Combine(TestPaths.Testdata, "rules", id, FixedFixture), "check", ".");

        output.ShouldBe("No problems found.\n");
    }

    /// <summary>
    /// The docs fixtures sit one folder deeper than the groups that TestdataTests reads, so their
    /// expected files are checked here, with the same conventions.
    /// </summary>
    [Theory]
    [MemberData(nameof(DocsFixtures))]
    public void Docs_fixture_output_matches_expected_file(string fixture)
    {
        var directory = Path.Combine(TestPaths.Testdata, "rules", fixture);
        var expectedPath = directory + ".expected.txt";

        var (exitCode, output, error) = TestCli.Run(directory, "check", ".");
        _output.WriteLine(output);
        _output.WriteLine(error);

        if (TestPaths.UpdateExpected)
            File.WriteAllText(expectedPath, output);
        File.Exists(expectedPath).ShouldBeTrue($"missing {expectedPath}; run with FLUXRACELINT_UPDATE_EXPECTED=1 to create it");
        var actual = (output, error, exitCode);
        actual.ShouldBe((File.ReadAllText(expectedPath), "", fixture.EndsWith(FailingFixture, StringComparison.Ordinal) ? 1 : 0));
    }

    [Fact]
    public void Index_is_generated_from_the_catalogue()
    {
        var path = Path.Combine(TestPaths.ProjectRoot, RulePages.IndexPath);
        var expected = RulePages.GenerateIndex(RuleCatalog.All);

        if (TestPaths.UpdateExpected)
            File.WriteAllText(path, expected);
        File.Exists(path).ShouldBeTrue($"missing {path}; run with FLUXRACELINT_UPDATE_EXPECTED=1 to create it");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(expected);
    }

    [Fact]
    public void Index_links_every_rule_to_its_page()
    {
        var index = RulePages.GenerateIndex(RuleCatalog.All);

        var links = LinkPattern().Matches(index).Select(m => m.Groups["id"].Value).ToList();

        links.ShouldBe(RuleCatalog.All.Select(rule => rule.Id).ToList());
    }

    private static string PagePath(string id) => Path.Combine(RulesDirectory, $"{id}.md");

    private static string ReadPage(string id)
    {
        var path = PagePath(id);
        File.Exists(path).ShouldBeTrue($"missing {path}");
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    /// <summary>
    /// Returns the page with the generated blocks of its two example sections rebuilt from the rule's
    /// fixtures. These are the output block, the file tree and each YAML block titled with a fixture path.
    /// </summary>
    private static string Refresh(string page, string ruleFixtures)
    {
        var lines = page.Split('\n').ToList();
        foreach (var block in Parse(page).Blocks.OrderByDescending(b => b.Start))
        {
            var fixture = block.Section switch
            {
                "Failing example" => Path.Combine(ruleFixtures, FailingFixture),
                "Fixed example" => Path.Combine(ruleFixtures, FixedFixture),
                _ => null,
            };
            if (fixture is null)
                continue;

            var content = Generate(block, fixture);
            if (content is null)
                continue;
            lines.RemoveRange(block.Start + 1, block.Content.Count);
            lines.InsertRange(block.Start + 1, content);
        }

        return string.Join('\n', lines);
    }

    private static List<string>? Generate(Block block, string fixture)
    {
        if (block.Content.FirstOrDefault() == CheckCommandLine)
        {
            var (_, output, error) = TestCli.Run(fixture, "check", ".");
            return [CheckCommandLine, .. Lines(output + error)];
        }

        var title = TitlePattern().Match(block.Info);
        if (title.Success)
        {
            var file = Path.Combine(fixture, title.Groups["path"].Value);
            return File.Exists(file) ? Lines(File.ReadAllText(file).ReplaceLineEndings("\n")) : [$"missing fixture file {title.Groups["path"].Value}"];
        }

        var root = Path.GetFileName(fixture) + "/";
        return block.Content.FirstOrDefault() == root ? [root, .. Tree(fixture, "")] : null;
    }

    private static List<string> Lines(string text) =>
        [.. (text.EndsWith('\n') ? text[..^1] : text).Split('\n')];

    private static IEnumerable<string> Tree(string directory, string indent)
    {
        var entries = Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            var last = i == entries.Count - 1;
            var isDirectory = Directory.Exists(entries[i]);
            yield return $"{indent}{(last ? "└── " : "├── ")}{Path.GetFileName(entries[i])}{(isDirectory ? "/" : "")}";
            if (!isDirectory)
                continue;
            foreach (var line in Tree(entries[i], indent + (last ? "    " : "│   ")))
                yield return line;
        }
    }

    /// <summary>Returns the level-2 headings outside code blocks and every fenced code block, with the section it is in.</summary>
    private static ParsedPage Parse(string page)
    {
        var lines = page.Split('\n');
        var headings = new List<string>();
        var blocks = new List<Block>();
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = FencePattern().Match(lines[i]);
            if (fence.Success)
            {
                var marker = fence.Groups["marker"].Value;
                var end = i + 1;
                while (end < lines.Length && !IsClosingFence(lines[end], marker))
                    end++;
                blocks.Add(new Block(section, fence.Groups["info"].Value, i, lines[(i + 1)..Math.Min(end, lines.Length)].ToList()));
                i = end;
                continue;
            }

            if (lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                section = lines[i][3..].Trim();
                headings.Add(section);
            }
        }

        return new ParsedPage(headings, blocks);
    }

    private static bool IsClosingFence(string line, string marker)
    {
        var trimmed = line.TrimEnd();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    private sealed record ParsedPage(List<string> Headings, List<Block> Blocks);

    /// <summary>A fenced block: the section it is in, its info string, the line of its opening fence, its lines.</summary>
    private sealed record Block(string? Section, string Info, int Start, List<string> Content);

    [GeneratedRegex(@"^(?<marker>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex FencePattern();

    [GeneratedRegex("title=\"(?<path>[^\"]+)\"")]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"^\S+:\d+:\d+: (?:error|warning|note) (?<rule>FRL\d{3}) ", RegexOptions.Multiline)]
    private static partial Regex FindingPattern();

    [GeneratedRegex(@"^\| \[(?<id>FRL\d{3})\]\(\k<id>\.md\) \|", RegexOptions.Multiline)]
    private static partial Regex LinkPattern();
}
