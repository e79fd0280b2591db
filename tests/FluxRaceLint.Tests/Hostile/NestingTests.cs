using System.Text;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Deep nesting in block and flow style, and alias bombs that would explode if expanded.</summary>
public sealed class NestingTests
{
    private const string Deep = "bad/deep.yaml";

    private static string BlockMappings(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
            text.Append(' ', i).Append("a:\n");
        return text.Append(' ', depth).Append("b: leaf\n").ToString();
    }

    [Fact]
    public void Block_sequences_nested_ten_thousand_deep()
    {
        // '- - - x' nests block sequences on one line, so depth costs no indentation.
        using var repository = new TempRepository().WithRacy()
            .With(Deep, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n    " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "leaf\n");

        var finding = Hostile.Check(repository).Result.ShouldHaveInputFinding(Deep, Severity.Error).Single();
        finding.Message.ShouldContain("nests deeper than");
        finding.Location.Line.ShouldBe(7);
    }

    [Fact]
    public void Block_mappings_nested_ten_thousand_deep()
    {
        // Ten thousand indented levels take 50 MB, so the size limit is raised to let the depth limit act.
        using var repository = new TempRepository().WithRacy().With(Deep, BlockMappings(10_000));
        var options = new LintOptions { Path = repository.Root, Limits = new ReadLimits { MaxFileBytes = 64 * 1024 * 1024 } };

        var result = Hostile.Lint(repository, options);

        result.ShouldHaveInputFinding(Deep, Severity.Error).Single().Message.ShouldContain("nests deeper than 256 levels");
        Hostile.ShouldReportRacy(result);
    }

    [Fact]
    public void Block_mappings_two_thousand_deep()
    {
        using var repository = new TempRepository().WithRacy().With(Deep, BlockMappings(2_000));

        var finding = Hostile.Check(repository).Result.ShouldHaveInputFinding(Deep, Severity.Error).Single();
        finding.Message.ShouldContain("nests deeper than");
        finding.Location.Line.ShouldBe(257);
    }

    [Fact]
    public void Flow_sequences_nested_ten_thousand_deep()
    {
        using var repository = new TempRepository().WithRacy()
            .With(Deep, "x: " + new string('[', 10_000) + new string(']', 10_000) + "\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Deep, Severity.Error).Single().Message.ShouldContain("nests deeper than");
    }

    [Fact]
    public void Flow_mappings_nested_ten_thousand_deep()
    {
        using var repository = new TempRepository().WithRacy()
            .With(Deep, "x: " + string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "b" + new string('}', 10_000) + "\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Deep, Severity.Error).Single().Message.ShouldContain("nests deeper than");
    }

    [Fact]
    public void Unclosed_flow_nesting_ten_thousand_deep()
    {
        using var repository = new TempRepository().WithRacy().With(Deep, "x: " + new string('[', 10_000) + "\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Deep, Severity.Error);
    }

    [Fact]
    public void Spec_nested_just_under_the_limit()
    {
        // Patches and substitution walk the spec, so a spec 250 levels deep reaches their recursion.
        var nested = new StringBuilder("    deep:\n");
        for (var i = 0; i < 240; i++)
            nested.Append(' ', 6 + i).Append("a:\n");
        nested.Append(' ', 246).Append("b: ${VALUE}\n");
        var text = Racy.Kustomization.Replace("name: web", "name: nested", StringComparison.Ordinal)
            + "  postBuild:\n    substitute:\n      VALUE: x\n  patches:\n    - target:\n        kind: ConfigMap\n      patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: web\n        data:\n          more: y\n"
            + "  extra:\n" + nested;
        using var repository = new TempRepository().WithRacy().With("racy/nested.yaml", text);

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Rule.Id == "FRL007" && f.Location.Path == "racy/nested.yaml");
    }

    /// <summary>Returns a billion-laughs chain: each of <paramref name="levels"/> anchors lists the one before <paramref name="width"/> times.</summary>
    private static string Laughs(int levels, int width, string indent = "", string leaf = "\"lol\"")
    {
        var text = new StringBuilder($"{indent}lol0: &l0 [{string.Join(", ", Enumerable.Repeat(leaf, width))}]\n");
        for (var i = 1; i < levels; i++)
            text.Append(indent).Append("lol").Append(i).Append(": &l").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*l" + (i - 1), width))).Append("]\n");
        return text.ToString();
    }

    [Fact]
    public void Billion_laughs_in_a_plain_document()
    {
        using var repository = new TempRepository().WithRacy().With("bad/laughs.yaml", Laughs(10, 10));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNoFindingFor("bad/laughs.yaml");
    }

    [Fact]
    public void Billion_laughs_in_helm_values()
    {
        var release = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: laughs\n  namespace: default\nspec:\n  interval: 10m\n"
            + "  chart:\n    spec:\n      chart: cert-manager\n      sourceRef:\n        kind: HelmRepository\n        name: jetstack\n"
            + "  values:\n" + Laughs(10, 10, "    ") + "    installCRDs: *l9\n    crds: *l9\n";
        using var repository = new TempRepository().WithRacy().With("apps/web/release.yaml", release);

        Hostile.Check(repository);
    }

    [Fact]
    public void Billion_laughs_under_post_build_substitution()
    {
        var configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\n  namespace: default\ndata:\n" + Laughs(10, 10, "  ", "\"${VALUE}\"");
        var kustomization = Racy.Kustomization.Replace("name: web", "name: laughs", StringComparison.Ordinal).Replace("./apps/web", "./apps/laughs", StringComparison.Ordinal)
            + "  postBuild:\n    substitute:\n      VALUE: \"${VALUE}${VALUE}\"\n";
        using var repository = new TempRepository().WithRacy()
            .With("racy/laughs.yaml", kustomization)
            .With("apps/laughs/configmap.yaml", configMap);

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Rule.Id == "FRL007" && f.Location.Path == "racy/laughs.yaml");
    }

    [Fact]
    public void Billion_laughs_in_an_inline_patch()
    {
        var kustomization = Racy.Kustomization.Replace("name: web", "name: patched", StringComparison.Ordinal)
            + "  patches:\n    - target:\n        kind: ConfigMap\n      patch: |\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n          name: web\n        data:\n"
            + Laughs(10, 10, "          ");
        using var repository = new TempRepository().WithRacy().With("racy/patched.yaml", kustomization);

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNoFindingFor("racy/patched.yaml", except: "FRL007");
    }
}
