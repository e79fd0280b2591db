namespace FluxRaceLint.Tests.Cli;

/// <summary>
/// 'fluxracelint graph' output, compared with golden files in Reporting/Expected;
/// FLUXRACELINT_UPDATE_EXPECTED=1 rewrites them.
/// </summary>
public sealed class GraphCommandTests
{
    [Theory]
    [InlineData("cases/fires-cr-with-no-dependson", "mermaid", "graph-missing-dependson.mmd")]
    [InlineData("cases/fires-cr-with-no-dependson", "dot", "graph-missing-dependson.dot")]
    [InlineData("cases/fires-dependency-without-wait", "mermaid", "graph-needs-wait.mmd")]
    public void Graph_matches_expected_file(string fixture, string format, string expectedName)
    {
        var expectedPath = Path.Combine(TestPaths.ProjectRoot, "tests", "FluxRaceLint.Tests", "Reporting", "Expected", expectedName);

        var (exitCode, output, error) = TestCli.Run(Path.Combine(TestPaths.Testdata, fixture), "graph", ".", "--format", format);

        if (TestPaths.UpdateExpected)
            File.WriteAllText(expectedPath, output);
        exitCode.ShouldBe(0);
        error.ShouldBeEmpty();
        output.ShouldBe(File.ReadAllText(expectedPath));
    }

    [Fact]
    public void Missing_edge_is_marked_in_both_formats()
    {
        var directory = Path.Combine(TestPaths.Testdata, "cases", "fires-cr-with-no-dependson");

        var mermaid = TestCli.Run(directory, "graph", ".").Output;
        var dot = TestCli.Run(directory, "graph", ".", "--format", "dot").Output;

        mermaid.ShouldContain("==>|missing dependsOn|");
        mermaid.ShouldContain("linkStyle");
        dot.ShouldContain("label=\"missing dependsOn\", style=dashed, color=red");
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        var (exitCode, _, _) = TestCli.Run(TestPaths.Testdata, "graph", ".", "--format", "png");

        exitCode.ShouldBe(2);
    }
}
