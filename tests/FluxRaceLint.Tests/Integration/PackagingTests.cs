using YamlDotNet.RepresentationModel;

namespace FluxRaceLint.Tests.Integration;

/// <summary>The files that plug the linter into GitHub Actions and pre-commit are well formed and run here.</summary>
public sealed class PackagingTests
{
    private static YamlNode Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(TestPaths.ProjectRoot, name));
        stream.Load(reader);
        return stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    [Fact]
    public void Action_is_a_composite_with_documented_inputs()
    {
        var action = (YamlMappingNode)Load("action.yml");

        Scalar(action["runs"], "using").ShouldBe("composite");
        var inputs = (YamlMappingNode)action["inputs"];
        inputs.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ShouldBe(["path", "fail-level", "category", "upload", "version", "source"], ignoreOrder: true);
        foreach (var input in inputs.Children.Values)
            Scalar(input, "description").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Action_steps_name_a_shell_or_an_action()
    {
        var steps = (YamlSequenceNode)((YamlMappingNode)Load("action.yml")["runs"])["steps"];

        foreach (YamlMappingNode step in steps)
        {
            var keys = step.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
            (keys.Contains("uses") || (keys.Contains("run") && keys.Contains("shell"))).ShouldBeTrue(string.Join(",", keys));
        }
    }

    [Fact]
    public void Action_check_command_runs_here()
    {
        var steps = (YamlSequenceNode)((YamlMappingNode)Load("action.yml")["runs"])["steps"];
        var check = steps.Cast<YamlMappingNode>().Single(s => s.Children.ContainsKey("id") && Scalar(s, "id") == "check");
        var script = Scalar(check, "run");
        script.ShouldContain("fluxracelint check \"$LINT_PATH\" --fail-level \"$FAIL_LEVEL\" --format github --format sarif --output \"$sarif\"");
        var sarif = Path.Combine(Path.GetTempPath(), $"fluxracelint-action-{Guid.NewGuid():N}.sarif");

        try
        {
            var (exitCode, output, error) = TestCli.Run(
                Path.Combine(TestPaths.Testdata, "guide", "fires-two-level"),
                "check", ".", "--fail-level", "warning", "--format", "github", "--format", "sarif", "--output", sarif);

            exitCode.ShouldBe(1);
            error.ShouldBeEmpty();
            output.ShouldStartWith("::error file=infrastructure/external-secrets/deployment-crs.yaml,line=7,");
            File.ReadAllText(sarif).ShouldContain("\"version\": \"2.1.0\"");
        }
        finally
        {
            File.Delete(sarif);
        }
    }

    [Fact]
    public void Pre_commit_hooks_check_the_whole_repository_once()
    {
        var hooks = (YamlSequenceNode)Load(".pre-commit-hooks.yaml");

        hooks.Children.Count.ShouldBe(2);
        foreach (var hook in hooks.Children)
        {
            Scalar(hook, "entry").ShouldBe("fluxracelint check .");
            Scalar(hook, "pass_filenames").ShouldBe("false");
            Scalar(hook, "require_serial").ShouldBe("true");
            Scalar(hook, "files").ShouldBe(@"\.(ya?ml)$");
        }

        hooks.Children.Select(h => Scalar(h, "language")).ShouldBe(["dotnet", "system"]);
    }
}
