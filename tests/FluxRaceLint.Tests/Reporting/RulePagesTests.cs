using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed class RulePagesTests
{
    [Fact]
    public void Get_returns_null_for_unknown_rule()
    {
        RulePages.Get("FRL999").ShouldBeNull();
    }

    [Fact]
    public void Embedded_pages_match_repository_files()
    {
        var pagesDirectory = Path.Combine(TestPaths.ProjectRoot, "rules");

        foreach (var rule in RuleCatalog.All)
        {
            var pageFile = Path.Combine(pagesDirectory, $"{rule.Id}.md");
            var page = RulePages.Get(rule.Id);
            if (File.Exists(pageFile))
                page.ShouldBe(File.ReadAllText(pageFile).ReplaceLineEndings("\n"), $"embedded page of {rule.Id}");
            else
                page.ShouldBeNull($"{rule.Id} has no page in '{pagesDirectory}'");
        }
    }

    [Fact]
    public void Get_matches_id_case_insensitively()
    {
        RulePages.Get("frl001").ShouldBe(RulePages.Get("FRL001"));
    }

    [Fact]
    public void Plain_text_drops_heading_markers()
    {
        RulePages.ToPlainText("# FRL001: Name\n## What it flags ##\n   ### Deep\ntext").ShouldBe("FRL001: Name\nWhat it flags\nDeep\ntext");
    }

    [Fact]
    public void Plain_text_keeps_hash_without_space()
    {
        RulePages.ToPlainText("#hashtag\n####### seven").ShouldBe("#hashtag\n####### seven");
    }

    [Fact]
    public void Plain_text_drops_fence_lines_and_keeps_code()
    {
        RulePages.ToPlainText("Before:\n```yaml\n# FRL003\nkind: Kustomization\n```\nAfter.").ShouldBe("Before:\n# FRL003\nkind: Kustomization\nAfter.");
    }

    [Fact]
    public void Plain_text_closes_fence_only_with_same_marker()
    {
        var markdown = "~~~~\n```\n# inside\n~~~\n~~~~\n# Outside";

        RulePages.ToPlainText(markdown).ShouldBe("```\n# inside\n~~~\nOutside");
    }

    [Fact]
    public void Plain_text_treats_inline_backticks_as_text()
    {
        RulePages.ToPlainText("```a``` b\n# Heading").ShouldBe("```a``` b\nHeading");
    }

    [Fact]
    public void Plain_text_normalises_line_endings()
    {
        RulePages.ToPlainText("# Title\r\ntext\r\n").ShouldBe("Title\ntext\n");
    }
}
