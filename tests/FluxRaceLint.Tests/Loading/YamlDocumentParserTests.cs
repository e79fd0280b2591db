using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Loading;

public sealed class YamlDocumentParserTests
{
    private static SourceFile Parse(string text, ReadLimits? limits = null)
    {
        var file = new SourceFile("test.yaml");
        YamlDocumentParser.Parse(file, text, limits ?? ReadLimits.Default);
        return file;
    }

    [Fact]
    public void Keys_keep_one_based_line_and_column()
    {
        var file = Parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n");

        var metadata = (YMapping)((YMapping)file.Documents[0].Root!).Get("metadata")!;
        var name = metadata.Find("name")!;

        name.Key.Start.ShouldBe(new Position(4, 3));
        ((YScalar)name.Value).Value.ShouldBe("demo");
    }

    [Fact]
    public void Several_documents_are_read_in_order()
    {
        var file = Parse("a: 1\n---\nb: 2\n---\n");

        file.Documents.Count.ShouldBe(3);
        file.Documents[2].Root.ShouldBeNull();
        file.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_and_comment_only_text_gives_no_problem()
    {
        Parse("").Problems.ShouldBeEmpty();
        Parse("# only a comment\n").Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Crlf_line_endings_parse_like_lf()
    {
        var file = Parse("a: 1\r\nb:\r\n  c: 2\r\n");

        var c = ((YMapping)((YMapping)file.Documents[0].Root!).Get("b")!).Find("c")!;
        c.Key.Start.ShouldBe(new Position(3, 3));
    }

    [Fact]
    public void Syntax_error_is_a_problem_at_its_position()
    {
        var file = Parse("a: 1\nb: [unclosed\n");

        file.Problems.Count.ShouldBe(1);
        file.Problems[0].Message.ShouldStartWith("The YAML is invalid:");
        file.Problems[0].Start.Line.ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Parser_exception_other_than_yaml_exception_becomes_a_problem()
    {
        var file = Parse("a:\n  b: [x\n  c: d\n");

        file.Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void Duplicate_key_is_reported_and_last_value_wins()
    {
        var file = Parse("a: 1\na: 2\n");

        file.Problems.Single().Message.ShouldContain("'a' appears more than once");
        ((YScalar)((YMapping)file.Documents[0].Root!).Get("a")!).Value.ShouldBe("2");
    }

    [Fact]
    public void Alias_resolves_to_anchored_node_without_copying()
    {
        var file = Parse("base: &b {x: 1}\nuse: *b\n");

        var root = (YMapping)file.Documents[0].Root!;
        root.Get("use").ShouldBeSameAs(root.Get("base"));
    }

    [Fact]
    public void Alias_bomb_loads_in_linear_space()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 30; i++)
            lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");

        var file = Parse(string.Join('\n', lines));

        file.Problems.ShouldBeEmpty();
        ((YMapping)file.Documents[0].Root!).Entries.Count.ShouldBe(30);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_problem_not_a_crash()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);

        var file = Parse(text, ReadLimits.Default with { MaxDepth = 100 });

        file.Problems.Single().Message.ShouldContain("deeper than 100 levels");
    }

    [Fact]
    public void Merge_key_adds_entries_the_mapping_lacks()
    {
        var file = Parse("defaults: &d {wait: true, prune: true}\nspec:\n  <<: *d\n  prune: false\n");

        var spec = (YMapping)((YMapping)file.Documents[0].Root!).Get("spec")!;
        ((YScalar)spec.Get("wait")!).Value.ShouldBe("true");
        ((YScalar)spec.Get("prune")!).Value.ShouldBe("false");
    }
}
