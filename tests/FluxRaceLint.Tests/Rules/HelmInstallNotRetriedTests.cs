using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL011: a release that needs another operator's CRDs or webhook, and its install retries.</summary>
public sealed class HelmInstallNotRetriedTests
{
    private const string PrometheusUrl = "https://prometheus-community.github.io/helm-charts";

    private static string Crd(string plural, string kind) => $"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {plural}.cert-manager.io
        spec:
          group: cert-manager.io
          names:
            kind: {kind}
            plural: {plural}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
        """;

    /// <summary>
    /// The cert-manager CRDs come from plain manifests that the monitoring Kustomization depends on.
    /// The cert-manager release, whose webhook checks Certificates, is in a Kustomization that it does not depend on.
    /// </summary>
    private static TempRepository WebhookRace(string install = "", string monitoringExtra = "  dependsOn:\n    - name: cert-manager-crds") =>
        New()
            .With("clusters/demo/crds.yaml", Kustomization("cert-manager-crds", "./crds"))
            .With("clusters/demo/cert-manager.yaml", Kustomization("cert-manager", "./cert-manager", "  wait: true\n  dependsOn:\n    - name: cert-manager-crds"))
            .With("clusters/demo/monitoring.yaml", Kustomization("monitoring", "./monitoring", monitoringExtra))
            .With("crds/certificates.yaml", Crd("certificates", "Certificate"))
            .With("crds/issuers.yaml", Crd("issuers", "Issuer"))
            .With("cert-manager/namespace.yaml", Namespace("cert-manager"))
            .With("cert-manager/release.yaml", Release("cert-manager", "cert-manager", "cert-manager", "v1.18.2", "https://charts.jetstack.io", "  values:\n    crds:\n      enabled: false"))
            .With("monitoring/namespace.yaml", Namespace("monitoring"))
            .With("monitoring/release.yaml", Release(
                "kube-prometheus-stack",
                "monitoring",
                "kube-prometheus-stack",
                "77.0.0",
                PrometheusUrl,
                install + "  upgrade:\n    crds: CreateReplace\n  values:\n    prometheusOperator:\n      admissionWebhooks:\n        certManager:\n          enabled: true"));

    [Fact]
    public void Unordered_webhook_is_reported_at_spec()
    {
        using var repository = WebhookRace();

        var finding = repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).Single();

        finding.Location.Path.ShouldBe("monitoring/release.yaml");
        finding.Location.Line.ShouldBe(15);
        finding.Message.ShouldContain("the admission webhook 'webhook.cert-manager.io' of HelmRelease 'cert-manager/cert-manager'");
        finding.Related.Select(r => r.Span.Path).ShouldBe(["monitoring/release.yaml", "cert-manager/release.yaml"]);
    }

    [Fact]
    public void Zero_retries_are_reported_at_spec_install()
    {
        using var repository = WebhookRace("  install:\n    remediation:\n      retries: 0\n");

        var finding = repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).Single();

        finding.Location.Line.ShouldBe(24);
    }

    [Theory]
    [InlineData("  install:\n    strategy:\n      name: RetryOnFailure\n")]
    [InlineData("  install:\n    remediation:\n      retries: 3\n")]
    [InlineData("  install:\n    remediation:\n      retries: -1\n")]
    public void Retried_install_stays_quiet(string install)
    {
        using var repository = WebhookRace(install);

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldBeEmpty();
    }

    [Fact]
    public void Webhook_ordered_first_stays_quiet()
    {
        using var repository = WebhookRace(monitoringExtra: "  dependsOn:\n    - name: cert-manager");

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldBeEmpty();
    }

    [Fact]
    public void Feature_gate_that_defaults_to_retries_stays_quiet()
    {
        const string instance = """
            apiVersion: fluxcd.controlplane.io/v1
            kind: FluxInstance
            metadata:
              name: flux
              namespace: flux-system
            spec:
              distribution:
                version: "2.7.x"
                registry: ghcr.io/fluxcd
              kustomize:
                patches:
                  - target:
                      kind: Deployment
                      name: helm-controller
                    patch: |
                      - op: add
                        path: /spec/template/spec/containers/0/args/-
                        value: --feature-gates=DefaultToRetryOnFailure=true
            """;
        using var repository = WebhookRace().With("clusters/demo/flux-instance.yaml", instance);

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldBeEmpty();
    }

    [Fact]
    public void Feature_gate_in_a_comment_is_ignored()
    {
        const string namespaceWithComment = """
            # TODO: turn on --feature-gates=DefaultToRetryOnFailure=true for helm-controller
            apiVersion: v1
            kind: Namespace
            metadata:
              name: tools
            """;
        using var repository = WebhookRace().With("clusters/demo/tools.yaml", namespaceWithComment);

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldHaveSingleItem();
    }

    [Fact]
    public void Unordered_crds_are_reported_too()
    {
        using var repository = Monitoring("");

        var result = repository.Lint();

        var finding = result.Of(RuleCatalog.HelmInstallNotRetried).Single();
        finding.Message.ShouldContain("whose CRD comes from HelmRelease 'monitoring/kube-prometheus-stack'");
        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).Count.ShouldBe(1);
    }

    [Fact]
    public void Crds_ordered_by_dependsOn_stay_quiet()
    {
        using var repository = Monitoring("  dependsOn:\n    - name: kube-prometheus-stack\n      namespace: monitoring\n");

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_crd_provider_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/namespace.yaml", Namespace("podinfo"))
            .With("apps/release.yaml", Release("podinfo", "podinfo", "podinfo", "6.9.1", "https://stefanprodan.github.io/podinfo", "  values:\n    serviceMonitor:\n      enabled: true"));

        repository.Lint().Of(RuleCatalog.HelmInstallNotRetried).ShouldBeEmpty();
    }

    /// <summary>podinfo renders a ServiceMonitor whose CRD the kube-prometheus-stack release in another Kustomization installs.</summary>
    private static TempRepository Monitoring(string podinfoSpec) =>
        New()
            .With("clusters/demo/monitoring.yaml", Kustomization("monitoring", "./monitoring", "  wait: true"))
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("monitoring/namespace.yaml", Namespace("monitoring"))
            .With("monitoring/release.yaml", Release("kube-prometheus-stack", "monitoring", "kube-prometheus-stack", "77.0.0", PrometheusUrl, "  install:\n    crds: CreateReplace\n  upgrade:\n    crds: CreateReplace"))
            .With("apps/namespace.yaml", Namespace("podinfo"))
            .With("apps/release.yaml", Release("podinfo", "podinfo", "podinfo", "6.9.1", "https://stefanprodan.github.io/podinfo", podinfoSpec + "  values:\n    serviceMonitor:\n      enabled: true"));
}
