using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL010: CRDs from a chart's crds/ directory and the upgrade.crds policy.</summary>
public sealed class HelmCrdsNotUpgradedTests
{
    private const string TraefikUrl = "https://traefik.github.io/charts";

    private static TempRepository Traefik(string releaseSpec, string parentExtra = "") =>
        New()
            .With("clusters/demo/infrastructure.yaml", Kustomization("infrastructure", "./infrastructure", parentExtra))
            .With("infrastructure/traefik.yaml", Kustomization("traefik", "./traefik", "  wait: true"))
            .With("traefik/namespace.yaml", Namespace("traefik"))
            .With("traefik/release.yaml", Release("traefik", "traefik", "traefik", "37.1.1", TraefikUrl, releaseSpec));

    [Fact]
    public void Missing_upgrade_policy_is_reported()
    {
        using var repository = Traefik("");

        var finding = repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).Single();

        finding.Location.Path.ShouldBe("traefik/release.yaml");
        finding.Location.Line.ShouldBe(17);
        finding.Message.ShouldContain("sets no 'upgrade.crds'");
        finding.Help.ShouldBe("Set 'spec.upgrade.crds: CreateReplace' on this HelmRelease.");
    }

    [Fact]
    public void Create_policy_is_reported_at_spec_upgrade()
    {
        using var repository = Traefik("  upgrade:\n    crds: Create");

        var finding = repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).Single();

        finding.Location.Line.ShouldBe(24);
        finding.Message.ShouldContain("sets 'upgrade.crds: Create'");
    }

    [Fact]
    public void CreateReplace_stays_quiet()
    {
        using var repository = Traefik("  upgrade:\n    crds: CreateReplace");

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }

    [Fact]
    public void Inherited_CreateReplace_stays_quiet()
    {
        // The parent patches every child Kustomization to patch its HelmReleases in turn.
        const string defaults = """
              patches:
                - patch: |-
                    apiVersion: kustomize.toolkit.fluxcd.io/v1
                    kind: Kustomization
                    metadata:
                      name: _
                    spec:
                      patches:
                        - patch: |-
                            apiVersion: helm.toolkit.fluxcd.io/v2
                            kind: HelmRelease
                            metadata:
                              name: _
                            spec:
                              install:
                                crds: CreateReplace
                              upgrade:
                                crds: CreateReplace
                          target:
                            group: helm.toolkit.fluxcd.io
                            kind: HelmRelease
                  target:
                    group: kustomize.toolkit.fluxcd.io
                    kind: Kustomization
            """;
        using var repository = Traefik("", defaults);

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }

    [Fact]
    public void Install_policy_Skip_stays_quiet()
    {
        using var repository = Traefik("  install:\n    crds: Skip");

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }

    [Fact]
    public void Hook_job_upgrading_crds_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/velero.yaml", Kustomization("velero", "./velero"))
            .With("velero/namespace.yaml", Namespace("velero"))
            .With("velero/release.yaml", Release("velero", "velero", "velero", "10.0.10", "https://vmware-tanzu.github.io/helm-charts"));

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }

    [Fact]
    public void Chart_with_templated_crds_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/cert-manager.yaml", Kustomization("cert-manager", "./cert-manager"))
            .With("cert-manager/namespace.yaml", Namespace("cert-manager"))
            .With("cert-manager/release.yaml", Release("cert-manager", "cert-manager", "cert-manager", "v1.18.2", "https://charts.jetstack.io", "  values:\n    crds:\n      enabled: true"));

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }

    [Fact]
    public void Values_that_turn_the_crds_off_stay_quiet()
    {
        using var repository = New()
            .With("clusters/demo/monitoring.yaml", Kustomization("monitoring", "./monitoring"))
            .With("monitoring/namespace.yaml", Namespace("monitoring"))
            .With("monitoring/release.yaml", Release("kube-prometheus-stack", "monitoring", "kube-prometheus-stack", "77.0.0", "https://prometheus-community.github.io/helm-charts", "  values:\n    crds:\n      enabled: false"));

        repository.Lint().Of(RuleCatalog.HelmCrdsNotUpgraded).ShouldBeEmpty();
    }
}
