using FluxRaceLint.Build;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Build;

/// <summary>How postBuild variables from substitute and substituteFrom combine, and how expressions evaluate.</summary>
public sealed class SubstitutionTests
{
    private static YMapping Spec(string postBuild)
    {
        var file = new SourceFile("kustomization.yaml");
        YamlDocumentParser.Parse(file, "postBuild:\n" + postBuild, ReadLimits.Default);
        file.Problems.ShouldBeEmpty();
        return (YMapping)file.Documents[0].Root!;
    }

    private static VariableSource Known(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal), IsComplete: true);

    private const string TwoSources = "  substituteFrom:\n    - kind: ConfigMap\n      name: a\n    - kind: ConfigMap\n      name: b\n";

    [Fact]
    public void Later_source_overrides_earlier_one()
    {
        var substitution = Substitution.From(Spec(TwoSources), [Known(("ENV", "staging"), ("REGION", "eu")), Known(("ENV", "production"))])!;

        substitution.Replace("${ENV}/${REGION}").ShouldBe("production/eu");
    }

    [Fact]
    public void Inline_substitute_overrides_every_source()
    {
        var substitution = Substitution.From(Spec(TwoSources + "  substitute:\n    ENV: dev\n"), [Known(("ENV", "staging")), Known(("ENV", "production"))])!;

        substitution.Replace("${ENV}").ShouldBe("dev");
    }

    [Fact]
    public void Unknown_source_leaves_other_variables_unknown()
    {
        var substitution = Substitution.From(Spec(TwoSources), [VariableSource.Unknown, Known(("ENV", "production"))])!;

        substitution.Replace("${ENV}").ShouldBe("production");
        substitution.Replace("${REGION:=eu}").ShouldBe("${REGION:=eu}");
    }

    [Fact]
    public void Unknown_later_source_may_override_earlier_value()
    {
        var substitution = Substitution.From(Spec(TwoSources), [Known(("ENV", "production")), VariableSource.Unknown])!;

        substitution.Replace("${ENV}").ShouldBe("${ENV}");
        substitution.Replace("${ENV:=dev}").ShouldBe("${ENV:=dev}");
    }

    [Fact]
    public void Incomplete_source_keeps_its_own_keys()
    {
        var partial = new VariableSource(new Dictionary<string, string>(StringComparer.Ordinal) { ["ENV"] = "production" }, IsComplete: false);

        var substitution = Substitution.From(Spec(TwoSources), [Known(("ENV", "staging"), ("REGION", "eu")), partial])!;

        substitution.Replace("${ENV}").ShouldBe("production");
        substitution.Replace("${REGION}").ShouldBe("${REGION}");
    }

    [Fact]
    public void Defaults_apply_when_every_source_is_known()
    {
        var substitution = Substitution.From(Spec(TwoSources), [Known(("ENV", "production")), VariableSource.Empty])!;

        substitution.Replace("${REGION:=eu}").ShouldBe("eu");
        substitution.Replace("${REGION:-us}").ShouldBe("us");
        substitution.Replace("${REGION}").ShouldBe("${REGION}");
    }

    [Fact]
    public void Empty_value_takes_the_default()
    {
        var substitution = Substitution.From(Spec("  substitute:\n    ENV: \"\"\n"))!;

        substitution.Replace("${ENV:=dev}").ShouldBe("dev");
        substitution.Replace("[${ENV}]").ShouldBe("[]");
    }

    [Fact]
    public void No_variables_means_no_substitution()
    {
        // kustomize-controller substitutes only when at least one variable is set.
        Substitution.From(Spec(TwoSources), [VariableSource.Empty, VariableSource.Empty]).ShouldBeNull();
    }

    [Fact]
    public void Always_strategy_substitutes_without_variables()
    {
        var substitution = Substitution.From(Spec(TwoSources + "  substituteStrategy: Always\n"), [VariableSource.Empty, VariableSource.Empty]);

        substitution.ShouldNotBeNull().Replace("${ENV:=dev}").ShouldBe("dev");
    }

    [Fact]
    public void Line_breaks_are_removed_from_values()
    {
        var substitution = Substitution.From(Spec("  substituteFrom:\n    - kind: Secret\n      name: s\n  substitute:\n    B: \"x\\ny\"\n"), [Known(("A", "one\ntwo\n"))])!;

        substitution.Replace("${A}-${B}").ShouldBe("onetwo-xy");
    }

    [Fact]
    public void Missing_sources_list_makes_every_source_unknown()
    {
        var substitution = Substitution.From(Spec(TwoSources + "  substitute:\n    ENV: dev\n"))!;

        substitution.Replace("${ENV}").ShouldBe("dev");
        substitution.Replace("${REGION:=eu}").ShouldBe("${REGION:=eu}");
    }
}
