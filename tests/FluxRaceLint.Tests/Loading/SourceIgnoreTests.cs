using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Loading;

public sealed class SourceIgnoreTests
{
    [Theory]
    [InlineData(".git", true, true)]
    [InlineData(".github", true, true)]
    [InlineData("apps/.sops.yaml", false, true)]
    [InlineData("apps/app.yaml", false, false)]
    [InlineData("logo.png", false, true)]
    public void Default_exclusions_match_source_controller(string path, bool isDirectory, bool ignored)
    {
        var ignore = new SourceIgnore();

        ignore.IsIgnored(path, isDirectory).ShouldBe(ignored);
    }

    [Fact]
    public void Pattern_without_slash_matches_at_any_depth()
    {
        var ignore = new SourceIgnore();
        ignore.AddFile("", "values.yaml\n");

        ignore.IsIgnored("apps/demo/values.yaml", false).ShouldBeTrue();
    }

    [Fact]
    public void Anchored_pattern_matches_only_from_its_folder()
    {
        var ignore = new SourceIgnore();
        ignore.AddFile("", "/scripts/\n");

        ignore.IsIgnored("scripts", true).ShouldBeTrue();
        ignore.IsIgnored("apps/scripts", true).ShouldBeFalse();
    }

    [Fact]
    public void Negation_reincludes_a_path()
    {
        var ignore = new SourceIgnore();
        ignore.AddFile("", "*.yaml\n!keep.yaml\n");

        ignore.IsIgnored("drop.yaml", false).ShouldBeTrue();
        ignore.IsIgnored("keep.yaml", false).ShouldBeFalse();
    }

    [Fact]
    public void Nested_file_applies_below_its_folder_only()
    {
        var ignore = new SourceIgnore();
        ignore.AddFile("apps", "draft/\n");

        ignore.IsIgnored("apps/draft", true).ShouldBeTrue();
        ignore.IsIgnored("infra/draft", true).ShouldBeFalse();
    }

    [Fact]
    public void Double_star_spans_folders()
    {
        var ignore = new SourceIgnore();
        ignore.AddFile("", "charts/**/templates/\n");

        ignore.IsIgnored("charts/a/b/templates", true).ShouldBeTrue();
        ignore.IsIgnored("charts/templates", true).ShouldBeTrue();
    }
}
