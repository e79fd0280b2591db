using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Flux objects with missing fields or fields of the wrong type. Flux rejects such an object, so it
/// applies nothing, and its FRL000 finding must not hide the findings of other files.
/// </summary>
public sealed class InvalidFluxObjectTests
{
    private const string Broken = "racy/broken.yaml";

    private static string Kustomization(string spec) =>
        "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: broken\n  namespace: flux-system\n" + spec;

    /// <summary>Case name and the spec of a Kustomization that Flux rejects.</summary>
    public static TheoryData<string, string> RejectedKustomizations() => new()
    {
        { "scalar sourceRef", "spec:\n  interval: 10m\n  path: ./apps/web\n  sourceRef: flux-system\n" },
        { "missing sourceRef", "spec:\n  interval: 10m\n  path: ./apps/web\n" },
        { "sourceRef without a name", "spec:\n  interval: 10m\n  path: ./apps/web\n  sourceRef:\n    kind: GitRepository\n" },
        { "missing spec", "" },
        { "scalar spec", "spec: none\n" },
    };

    [Theory]
    [MemberData(nameof(RejectedKustomizations))]
    public void Rejected_kustomization_keeps_other_findings(string name, string spec)
    {
        using var repository = new TempRepository().WithRacy().With(Broken, Kustomization(spec));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding(Broken, Severity.Error).ShouldNotBeEmpty(name);
    }

    [Fact]
    public void Flux_objects_with_fields_of_every_wrong_type()
    {
        var text = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: [a]\nspec:\n  interval: [1]\n  retryInterval: {a: b}\n  timeout: -5\n  path: {a: b}\n  wait: maybe\n  suspend: [x]\n  sourceRef: flux-system\n  dependsOn: {name: x}\n  healthChecks: 7\n  postBuild: []\n  patches: {}\n  components: \"x\"\n"
            + "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: wrong\nspec:\n  interval: 1y\n  chart: [x]\n  values: 5\n  dependsOn: [1, 2]\n  install: {crds: [x]}\n"
            + "---\napiVersion: [v1]\nkind: {a: b}\n---\napiVersion: \"\"\nkind: \"\"\n";
        using var repository = new TempRepository().WithRacy().With("racy/wrong.yaml", text);

        Hostile.Check(repository).Result.ShouldHaveInputFinding("racy/wrong.yaml", Severity.Error);
    }

    [Fact]
    public void Wrong_typed_helm_release_keeps_findings()
    {
        var text = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: wrong\n  namespace: default\nspec:\n  interval: 1y\n  chart: [x]\n  chartRef: 5\n  values: 5\n  valuesFrom: {a: b}\n  dependsOn: [1, {namespace: x}]\n  install: {crds: [x], remediation: 3}\n  upgrade: []\n";
        using var repository = new TempRepository().WithRacy().With("apps/web/release.yaml", text);

        Hostile.Check(repository).Result.ShouldHaveInputFinding("apps/web/release.yaml", Severity.Error);
    }
}
