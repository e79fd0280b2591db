using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL013: spec.path of a Kustomization that reads this repository.</summary>
public sealed class KustomizationPathNotFoundTests
{
    private static TempRepository Apps(string path, string extra = "") =>
        New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", path, extra))
            .With("apps/podinfo/config.yaml", ConfigMap("podinfo", "default"));

    [Fact]
    public void Missing_folder_is_reported_at_spec_path()
    {
        using var repository = Apps("./app/podinfo");

        var finding = repository.Lint().Of(RuleCatalog.KustomizationPathNotFound).Single();

        finding.Location.Path.ShouldBe("clusters/demo/apps.yaml");
        finding.Location.Line.ShouldBe(9);
        finding.Message.ShouldContain("spec.path './app/podinfo', which does not exist");
    }

    [Fact]
    public void File_path_is_reported()
    {
        using var repository = Apps("./apps/podinfo/config.yaml");

        var finding = repository.Lint().Of(RuleCatalog.KustomizationPathNotFound).Single();

        finding.Message.ShouldContain("which is a file");
        finding.Help.ShouldStartWith("Point spec.path at the folder 'apps/podinfo'");
    }

    [Fact]
    public void Sourceignored_folder_is_reported()
    {
        using var repository = Apps("./apps/podinfo").With(".sourceignore", "apps/\n");

        repository.Lint().Of(RuleCatalog.KustomizationPathNotFound).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("./apps/podinfo")]
    [InlineData("apps/podinfo/")]
    [InlineData("./apps/${APP_NAME}")]
    public void Existing_or_variable_path_stays_quiet(string path)
    {
        using var repository = Apps(path);

        repository.Lint().Of(RuleCatalog.KustomizationPathNotFound).ShouldBeEmpty();
    }

    [Fact]
    public void Path_in_another_repository_stays_quiet()
    {
        const string source = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: vendor
              namespace: flux-system
            spec:
              interval: 1h
              url: https://github.com/example-vendor/operator
              ref:
                tag: v1.2.0
            """;
        using var repository = New()
            .With("clusters/demo/vendor-source.yaml", source)
            .With("clusters/demo/vendor.yaml", Kustomization("vendor", "./config/default").Replace("name: flux-system\n    namespace: flux-system", "name: vendor\n    namespace: flux-system", StringComparison.Ordinal));

        repository.Lint().Of(RuleCatalog.KustomizationPathNotFound).ShouldBeEmpty();
    }
}
