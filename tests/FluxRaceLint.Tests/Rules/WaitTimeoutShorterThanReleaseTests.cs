using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL012: the timeout of a Kustomization that waits for a HelmRelease against the release's own.</summary>
public sealed class WaitTimeoutShorterThanReleaseTests
{
    private static TempRepository CertManager(string kustomizationExtra, string releaseSpec = "") =>
        New()
            .With("clusters/demo/cert-manager.yaml", Kustomization("cert-manager", "./cert-manager", kustomizationExtra))
            .With("cert-manager/namespace.yaml", Namespace("cert-manager"))
            .With("cert-manager/release.yaml", Release("cert-manager", "cert-manager", "cert-manager", "v1.18.2", "https://charts.jetstack.io", releaseSpec + "  values:\n    crds:\n      enabled: true"));

    [Fact]
    public void Short_timeout_is_reported_at_spec_timeout()
    {
        using var repository = CertManager("  wait: true\n  timeout: 3m");

        var finding = repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).Single();

        finding.Location.Path.ShouldBe("clusters/demo/cert-manager.yaml");
        finding.Location.Line.ShouldBe(16);
        finding.Message.ShouldContain("a timeout of 3m, shorter than the 5m");
        finding.Help.ShouldBe("Set 'spec.timeout: 5m' or longer on this Kustomization.");
    }

    [Fact]
    public void Interval_derived_timeout_is_reported()
    {
        using var repository = CertManager("  wait: true").With(
            "clusters/demo/cert-manager.yaml",
            Kustomization("cert-manager", "./cert-manager", "  wait: true").Replace("interval: 1h", "interval: 2m", StringComparison.Ordinal));

        var finding = repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).Single();

        finding.Location.Line.ShouldBe(6);
        finding.Message.ShouldContain("a timeout of 1m30s (its interval of 2m minus 30s)");
    }

    [Fact]
    public void Longer_release_timeout_is_compared()
    {
        using var repository = CertManager("  wait: true\n  timeout: 5m", "  timeout: 10m\n");

        var finding = repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).Single();

        finding.Message.ShouldContain("shorter than the 10m that helm-controller may take to install it (its spec.timeout)");
        finding.Related.Single().Span.Line.ShouldBe(24);
    }

    [Fact]
    public void Install_timeout_takes_precedence()
    {
        using var repository = CertManager("  wait: true\n  timeout: 5m", "  timeout: 3m\n  install:\n    timeout: 15m\n");

        var finding = repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).Single();

        finding.Message.ShouldContain("the 15m that helm-controller may take to install it (its spec.install.timeout)");
    }

    [Fact]
    public void Health_check_naming_the_release_counts_as_waiting()
    {
        using var repository = CertManager("  timeout: 2m\n  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: cert-manager\n      namespace: cert-manager");

        repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("  wait: true\n  timeout: 5m", "")]
    [InlineData("  timeout: 1m", "")]
    [InlineData("  wait: true\n  timeout: 1m", "  install:\n    disableWait: true\n")]
    [InlineData("  timeout: 1m\n  healthChecks:\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: cert-manager\n      namespace: cert-manager", "")]
    public void Equal_timeout_or_no_wait_stays_quiet(string kustomizationExtra, string releaseSpec)
    {
        using var repository = CertManager(kustomizationExtra, releaseSpec);

        repository.Lint().Of(RuleCatalog.WaitTimeoutShorterThanRelease).ShouldBeEmpty();
    }
}
