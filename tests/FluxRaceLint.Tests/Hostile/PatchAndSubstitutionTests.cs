namespace FluxRaceLint.Tests.Hostile;

/// <summary>Patch targets, label selectors, JSON 6902 operations and postBuild substitutions that are malformed.</summary>
public sealed class PatchAndSubstitutionTests
{
    private const string Parent = "racy/parent.yaml";

    /// <summary>The six RFC 6902 operations and one that does not exist.</summary>
    private static readonly string[] Operations = ["add", "replace", "remove", "move", "copy", "test", "explode"];

    /// <summary>A Flux Kustomization 'parent' that builds the racy folder with extra spec lines.</summary>
    private static string ParentKustomization(string specTail) =>
        Racy.Kustomization
            .Replace("name: web", "name: parent", StringComparison.Ordinal)
            .Replace("  dependsOn:\n    - name: database\n", "", StringComparison.Ordinal)
            .Replace("path: ./apps/web", "path: ./racy/children", StringComparison.Ordinal)
            + specTail;

    /// <summary>A child Kustomization applied by 'parent', whose dependsOn names a missing Kustomization.</summary>
    private static TempRepository WithParent(string specTail, string childName = "child") =>
        new TempRepository().WithRacy()
            .With(Parent, ParentKustomization(specTail))
            .With("racy/children/child.yaml", Racy.Kustomization.Replace("name: web", $"name: {childName}", StringComparison.Ordinal));

    private static void ShouldReportChild(HostileOutcome outcome) =>
        outcome.Result.Findings.ShouldContain(
            f => f.Rule.Id == "FRL007" && f.Location.Path == "racy/children/child.yaml",
            Hostile.Describe(outcome.Result));

    private static string Patch(string target) =>
        "  patches:\n    - target:\n" + target + "      patch: |\n        - op: add\n          path: /spec/wait\n          value: true\n";

    [Fact]
    public void Invalid_regex_in_target_name_is_reported()
    {
        // kustomize compiles target.name as a regular expression and fails the build when it does not compile.
        using var repository = WithParent(Patch("        kind: Kustomization\n        name: \"child(\"\n"));

        var outcome = Hostile.Check(repository);

        ShouldReportChild(outcome);
        outcome.Result.ShouldHaveInputFinding(Parent);
    }

    [Fact]
    public void Invalid_regexes_in_every_target_field()
    {
        using var repository = WithParent(Patch("        kind: Kustomization\n        name: \"[\"\n        namespace: \"*\"\n        group: \"(\"\n        version: \"\\\\\"\n"));

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Catastrophic_regex_in_target_name()
    {
        // '(a+)+b' backtracks exponentially on a name of many a's that lacks the b.
        var name = new string('a', 40);
        using var repository = WithParent(Patch("        kind: Kustomization\n        name: \"(a+)+b\"\n"), childName: name);

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Catastrophic_regex_in_target_namespace()
    {
        var ns = new string('a', 40);
        var text = ParentKustomization(Patch("        kind: Kustomization\n        namespace: \"(a+)+b\"\n"))
            .Replace("namespace: flux-system\n", $"namespace: {ns}\n", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy()
            .With(Parent, text)
            .With("racy/children/child.yaml", Racy.Kustomization.Replace("name: web", "name: child", StringComparison.Ordinal).Replace("namespace: flux-system\n", $"namespace: {ns}\n", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Rule.Id == "FRL007" && f.Location.Path == "racy/children/child.yaml", Hostile.Describe(outcome.Result));
    }

    [Theory]
    [InlineData("app in (a")]
    [InlineData("app in a)")]
    [InlineData("a b c")]
    [InlineData("=value")]
    [InlineData("!")]
    [InlineData(",,,")]
    [InlineData("app notin ()")]
    [InlineData("((((((((((")]
    [InlineData("))))))))))")]
    public void Label_selector_that_does_not_parse(string selector)
    {
        using var repository = WithParent(Patch($"        kind: Kustomization\n        labelSelector: \"{selector}\"\n        annotationSelector: \"{selector}\"\n"));

        ShouldReportChild(Hostile.Check(repository));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("")]
    [InlineData("spec/wait")]
    [InlineData("/spec/dependsOn/99999999999999999999")]
    [InlineData("/spec/dependsOn/-1")]
    [InlineData("/spec/dependsOn/-/name")]
    [InlineData("/spec/dependsOn/0/name/deeper/still")]
    [InlineData("/spec/dependsOn/ 0")]
    [InlineData("/spec/dependsOn/+0")]
    [InlineData("/spec/~2/~")]
    [InlineData("/metadata/name/0")]
    [InlineData("/kind")]
    public void Json6902_operation_with_a_bad_path(string path)
    {
        var operations = string.Concat(Operations.Select(op => $"        - op: {op}\n          path: \"{path}\"\n          from: \"{path}\"\n          value: {{name: injected}}\n"));
        using var repository = WithParent("  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n" + operations);

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Json6902_operations_that_are_not_mappings()
    {
        using var repository = WithParent("  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - just a string\n        - [1, 2]\n        - op: [add]\n          path: {a: b}\n        - ~\n");

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Broken_inline_patch_is_reported()
    {
        using var repository = WithParent("  patches:\n    - target:\n        kind: Kustomization\n      patch: |\n        - op: add\n          path: [unclosed\n          value: 1\n");

        var outcome = Hostile.Check(repository);

        ShouldReportChild(outcome);
        outcome.Result.ShouldHaveInputFinding(Parent).ShouldContain(f => f.Location.Line >= 19);
    }

    [Fact]
    public void Patch_entries_of_the_wrong_shape()
    {
        using var repository = WithParent("  patches:\n    - just a string\n    - target: [a]\n      patch: 42\n    - patch: {a: b}\n    - path: ../../../../etc/passwd\n  patchesStrategicMerge:\n    - {a: b}\n    - \"kind: x\\nmetadata: {name: y}\\n\"\n  patchesJson6902:\n    - target: {kind: Kustomization}\n      patch: \"[\"\n");

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Substitution_that_expands_into_another_variable()
    {
        using var repository = WithParent("  postBuild:\n    substitute:\n      A: \"${B}\"\n      B: \"${A}\"\n      OPEN: \"${\"\n      SELF: \"${SELF}${SELF}\"\n      ESCAPED: \"$${A}\"\n");
        repository.With("racy/children/vars.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vars-${A}\n  namespace: ${OPEN}\ndata:\n  a: \"${A} ${B} ${OPEN}A} ${SELF} ${ESCAPED} $${A} ${A:=${B}} ${UNSET:-${A}} ${\"\n");

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Substitution_over_a_megabyte_of_markers()
    {
        using var repository = WithParent("  postBuild:\n    substitute:\n      A: \"${A}\"\n");
        repository.With("racy/children/markers.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: markers\ndata:\n  open: \"" + string.Concat(Enumerable.Repeat("${", 250_000)) + "\"\n  closed: \"" + string.Concat(Enumerable.Repeat("${A}", 250_000)) + "\"\n  escaped: \"" + string.Concat(Enumerable.Repeat("$${", 250_000)) + "\"\n");

        ShouldReportChild(Hostile.Check(repository));
    }

    [Fact]
    public void Substitution_of_the_dependency_name_into_a_marker()
    {
        // The child's dependsOn becomes '${DEP}' again, which the rules treat as unknown, so only the racy file's finding is due.
        using var repository = WithParent("  postBuild:\n    substitute:\n      DEP: \"${DEP}\"\n");
        repository.With("racy/children/templated.yaml", Racy.Kustomization.Replace("name: web", "name: templated", StringComparison.Ordinal).Replace("name: database", "name: ${DEP}", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        ShouldReportChild(outcome);
        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path == "racy/children/templated.yaml" && f.Rule.Id == "FRL007");
    }

    [Fact]
    public void Substitute_values_of_the_wrong_shape()
    {
        using var repository = WithParent("  postBuild:\n    substitute: [a, b]\n    substituteFrom: {kind: ConfigMap}\n");

        ShouldReportChild(Hostile.Check(repository));
    }
}
