using FluxRaceLint.Knowledge;

namespace FluxRaceLint.Tests.Knowledge;

public sealed class KnowledgeBaseTests
{
    private const string EsoGitUrl = "https://github.com/external-secrets/external-secrets";
    private const string IstioRepository = "https://istio-release.storage.googleapis.com/charts";

    private static readonly Func<string, bool?> ChartDefaults = _ => null;

    public static TheoryData<string> ChartNames()
    {
        var data = new TheoryData<string>();
        foreach (var chart in KnowledgeBase.Default.Charts)
        {
            data.Add(chart.Name);
        }

        return data;
    }

    public static TheoryData<string, string> ChartRepositories()
    {
        var data = new TheoryData<string, string>();
        foreach (var chart in KnowledgeBase.Default.Charts)
        {
            foreach (var repository in chart.Repositories)
            {
                data.Add(chart.Name, repository);
            }
        }

        return data;
    }

    [Fact]
    public void Embedded_file_loads()
    {
        var knowledge = KnowledgeBase.Default;

        knowledge.Charts.Count.ShouldBeGreaterThanOrEqualTo(23);
        knowledge.ExternalCrdSources.ShouldNotBeEmpty();
        knowledge.ShouldBeSameAs(KnowledgeBase.Default);
    }

    [Fact]
    public void Embedded_file_has_unique_chart_entries()
    {
        var duplicates = KnowledgeBase.Default.Charts
            .GroupBy(chart => chart.Name, StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key);

        duplicates.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_has_repository_and_known_delivery(string name)
    {
        var chart = KnowledgeBase.Default.Charts.Single(candidate => candidate.Name == name);

        chart.Repositories.ShouldNotBeEmpty();
        chart.Crds.Delivery.ShouldNotBe(CrdDelivery.Unknown);
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_lists_groups_unless_it_ships_no_crds(string name)
    {
        var chart = KnowledgeBase.Default.Charts.Single(candidate => candidate.Name == name);

        if (chart.Crds.Delivery == CrdDelivery.None)
        {
            chart.Crds.Groups.ShouldBeEmpty();
        }
        else
        {
            chart.Crds.Groups.ShouldNotBeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(ChartNames))]
    public void Chart_matches_by_name_alone(string name)
    {
        var chart = KnowledgeBase.Default.Charts.Single(candidate => candidate.Name == name);

        var found = KnowledgeBase.Default.FindChart(name, null);

        if (chart.RequiresRepositoryMatch)
        {
            found.ShouldBeNull();
        }
        else
        {
            found.ShouldBeSameAs(chart);
        }
    }

    [Theory]
    [MemberData(nameof(ChartRepositories))]
    public void Chart_matches_each_repository(string name, string repository)
    {
        var chart = KnowledgeBase.Default.Charts.Single(candidate => candidate.Name == name);

        KnowledgeBase.Default.FindChart(name, repository).ShouldBeSameAs(chart);
        KnowledgeBase.Default.FindChart(name, repository.TrimEnd('/') + "/").ShouldBeSameAs(chart);
        KnowledgeBase.Default.FindChart(name, repository.ToUpperInvariant()).ShouldBeSameAs(chart);
    }

    [Theory]
    [MemberData(nameof(ChartRepositories))]
    public void Chart_matches_repository_variant(string name, string repository)
    {
        var chart = KnowledgeBase.Default.Charts.Single(candidate => candidate.Name == name);

        KnowledgeBase.Default.FindChart(name, VariantOf(repository, name)).ShouldBeSameAs(chart);
    }

    [Fact]
    public void Wrong_repository_does_not_match()
    {
        var knowledge = KnowledgeBase.Default;

        knowledge.FindChart("cert-manager", "https://charts.example.com").ShouldBeNull();
        knowledge.FindChart("cert-manager", "oci://ghcr.io/example/charts/cert-manager").ShouldBeNull();
        knowledge.FindChart("cert-manager", "https://charts.jetstack.io/cert-manager").ShouldBeNull();
        knowledge.FindChart("cert-manager", "oci://charts.jetstack.io").ShouldBeNull();
    }

    [Fact]
    public void Chart_name_is_case_sensitive()
    {
        KnowledgeBase.Default.FindChart("Cert-Manager", null).ShouldBeNull();
        KnowledgeBase.Default.FindChart("cert-manager", null).ShouldNotBeNull();
    }

    [Fact]
    public void Generic_chart_name_needs_repository()
    {
        KnowledgeBase.Default.FindChart("base", null).ShouldBeNull();
        KnowledgeBase.Default.FindChart("base", "https://charts.example.com").ShouldBeNull();
        KnowledgeBase.Default.FindChart("base", IstioRepository).ShouldNotBeNull();
    }

    [Fact]
    public void OCIRepository_url_matches_chart()
    {
        var chart = KnowledgeBase.Default.FindChart("cert-manager", "oci://quay.io/jetstack/charts/cert-manager");

        chart.ShouldNotBeNull();
        chart.Name.ShouldBe("cert-manager");
    }

    [Fact]
    public void ExternalSecrets_installs_crds_by_default()
    {
        var chart = Chart("external-secrets");

        chart.InstallsCrds(ChartDefaults).ShouldBe(true);
        chart.InstallsCrd("external-secrets.io", "ClusterSecretStore", ChartDefaults).ShouldBe(true);
    }

    [Fact]
    public void ExternalSecrets_installCRDs_false_turns_crds_off()
    {
        var chart = Chart("external-secrets");
        var values = Values(("installCRDs", false));

        chart.InstallsCrds(values).ShouldBe(false);
        chart.InstallsCrd("external-secrets.io", "ExternalSecret", values).ShouldBe(false);
        chart.InstallsCrd("generators.external-secrets.io", "Password", values).ShouldBe(false);
    }

    [Fact]
    public void ExternalSecrets_per_kind_key_needs_installCRDs()
    {
        var chart = Chart("external-secrets");
        var kindOff = Values(("crds.createClusterSecretStore", false));
        var kindOnButAllOff = Values(("installCRDs", false), ("crds.createClusterSecretStore", true));

        chart.InstallsCrd("external-secrets.io", "ClusterSecretStore", kindOff).ShouldBe(false);
        chart.InstallsCrd("external-secrets.io", "ExternalSecret", kindOff).ShouldBe(true);
        chart.InstallsCrds(kindOff).ShouldBe(true);
        chart.InstallsCrd("external-secrets.io", "ClusterSecretStore", kindOnButAllOff).ShouldBe(false);
    }

    [Fact]
    public void ExternalSecrets_crds_create_is_unknown()
    {
        var chart = Chart("external-secrets");

        chart.UnknownCrdToggleKeys(["crds", "crds.create"]).ShouldBe(["crds.create"]);
        chart.InstallsCrds(Values(("crds.create", false))).ShouldBe(true);
    }

    [Fact]
    public void ExternalSecrets_known_keys_are_not_reported()
    {
        var chart = Chart("external-secrets");
        string[] present =
        [
            "installCRDs",
            "crds.createClusterSecretStore",
            "crds.conversion.enabled",
            "crds.annotations.example.com/owner",
            "webhook.create",
            "serviceMonitor.enabled",
        ];

        chart.UnknownCrdToggleKeys(present).ShouldBeEmpty();
    }

    [Fact]
    public void CertManager_installs_no_crds_by_default()
    {
        Chart("cert-manager").InstallsCrds(ChartDefaults).ShouldBe(false);
    }

    [Fact]
    public void CertManager_crds_enabled_turns_crds_on()
    {
        var chart = Chart("cert-manager");
        var values = Values(("crds.enabled", true));

        chart.InstallsCrds(values).ShouldBe(true);
        chart.InstallsCrd("acme.cert-manager.io", "Challenge", values).ShouldBe(true);
        chart.ConflictingCrdKeys(values).ShouldBeEmpty();
    }

    [Fact]
    public void CertManager_installCRDs_turns_crds_on()
    {
        var chart = Chart("cert-manager");
        var values = Values(("installCRDs", true));

        chart.InstallsCrds(values).ShouldBe(true);
        chart.ConflictingCrdKeys(values).ShouldBeEmpty();
    }

    [Fact]
    public void CertManager_both_keys_conflict()
    {
        var chart = Chart("cert-manager");

        var conflicts = chart.ConflictingCrdKeys(Values(("installCRDs", true), ("crds.enabled", true)));

        var conflict = conflicts.ShouldHaveSingleItem();
        conflict.Keys.ShouldBe(["installCRDs", "crds.enabled"], ignoreOrder: true);
        conflict.Reason.ShouldContain("installCRDs");
    }

    [Fact]
    public void CertManager_installCRDs_without_keep_conflicts()
    {
        var chart = Chart("cert-manager");

        var conflicts = chart.ConflictingCrdKeys(Values(("installCRDs", true), ("crds.keep", false)));

        conflicts.ShouldHaveSingleItem().Keys.ShouldContain("crds.keep");
    }

    [Fact]
    public void CertManager_crds_enabled_unknown_before_1_15()
    {
        var chart = Chart("cert-manager");
        var values = Values(("crds.enabled", true));

        chart.InstallsCrds(values, "v1.14.5").ShouldBe(false);
        chart.UnknownCrdToggleKeys(["crds.enabled"], "v1.14.5").ShouldBe(["crds.enabled"]);
        chart.UnknownCrdToggleKeys(["crds.enabled"], "1.15.0").ShouldBeEmpty();
        chart.ConflictingCrdKeys(Values(("installCRDs", true), ("crds.enabled", true)), "1.14.0").ShouldBeEmpty();
    }

    [Fact]
    public void CertManager_webhook_always_on_with_fail()
    {
        var webhooks = Chart("cert-manager").WebhooksFor("cert-manager.io", "ClusterIssuer");

        var webhook = webhooks.ShouldHaveSingleItem();
        webhook.IsEnabled(ChartDefaults).ShouldBeTrue();
        webhook.EffectiveFailurePolicy(_ => null).ShouldBe(WebhookFailurePolicy.Fail);
        Chart("cert-manager").WaitsForWebhookInHook(ChartDefaults).ShouldBeTrue();
        Chart("cert-manager").WaitsForWebhookInHook(Values(("startupapicheck.enabled", false))).ShouldBeFalse();
    }

    [Fact]
    public void KubePrometheusStack_webhook_policy_defaults_to_ignore()
    {
        var webhooks = Chart("kube-prometheus-stack").WebhooksFor("monitoring.coreos.com", "PrometheusRule");

        webhooks.Count.ShouldBe(2);
        foreach (var webhook in webhooks)
        {
            webhook.IsEnabled(ChartDefaults).ShouldBeTrue();
            webhook.EffectiveFailurePolicy(_ => null).ShouldBe(WebhookFailurePolicy.Ignore);
        }
    }

    [Fact]
    public void KubePrometheusStack_webhook_policy_follows_values()
    {
        var webhook = Chart("kube-prometheus-stack").WebhooksFor("monitoring.coreos.com", "PrometheusRule")[0];

        webhook.EffectiveFailurePolicy(Scalars(("prometheusOperator.admissionWebhooks.patch.enabled", "false")))
            .ShouldBe(WebhookFailurePolicy.Fail);
        webhook.EffectiveFailurePolicy(Scalars(("prometheusOperator.admissionWebhooks.failurePolicy", "Fail")))
            .ShouldBe(WebhookFailurePolicy.Fail);
        webhook.EffectiveFailurePolicy(Scalars(("prometheusOperator.admissionWebhooks.failurePolicy", "")))
            .ShouldBe(WebhookFailurePolicy.Ignore);
        webhook.EffectiveFailurePolicy(Scalars(
                ("prometheusOperator.admissionWebhooks.failurePolicy", "IgnoreOnInstallOnly"),
                ("prometheusOperator.admissionWebhooks.patch.enabled", "false")))
            .ShouldBe(WebhookFailurePolicy.Ignore);
    }

    [Fact]
    public void KubePrometheusStack_webhook_can_be_disabled()
    {
        var webhook = Chart("kube-prometheus-stack").WebhooksFor("monitoring.coreos.com", "PrometheusRule")[0];

        webhook.IsEnabled(Values(("prometheusOperator.admissionWebhooks.enabled", false))).ShouldBeFalse();
        webhook.IsEnabled(Values(("prometheusOperator.enabled", false))).ShouldBeFalse();
    }

    [Fact]
    public void KubePrometheusStack_crds_off_renders_own_crs()
    {
        var chart = Chart("kube-prometheus-stack");

        chart.RenderedCustomResources(ChartDefaults).ShouldBeEmpty();
        chart.RenderedCustomResources(Values(("crds.enabled", false)))
            .SelectMany(entry => entry.Kinds)
            .ShouldContain("Prometheus");
    }

    [Fact]
    public void ServiceMonitor_value_renders_monitoring_cr()
    {
        var chart = Chart("external-secrets");

        chart.RenderedCustomResources(ChartDefaults).ShouldBeEmpty();
        var rendered = chart.RenderedCustomResources(Values(("serviceMonitor.enabled", true))).ShouldHaveSingleItem();
        rendered.Group.ShouldBe("monitoring.coreos.com");
        rendered.Kinds.ShouldBe(["ServiceMonitor"]);
    }

    [Fact]
    public void OpenTelemetry_renders_certificate_by_default()
    {
        var rendered = Chart("opentelemetry-operator").RenderedCustomResources(ChartDefaults).ShouldHaveSingleItem();

        rendered.Group.ShouldBe("cert-manager.io");
        rendered.Kinds.ShouldContain("Certificate");
    }

    [Fact]
    public void Kyverno_installCRDs_is_unknown_in_chart_3()
    {
        var chart = Chart("kyverno");
        var values = Values(("installCRDs", false));

        chart.UnknownCrdToggleKeys(["installCRDs"]).ShouldBe(["installCRDs"]);
        chart.InstallsCrds(values).ShouldBe(true);
        chart.UnknownCrdToggleKeys(["installCRDs"], "2.7.5").ShouldBeEmpty();
        chart.InstallsCrds(values, "2.7.5").ShouldBe(false);
        chart.FindCrdKey("installCRDs").ShouldNotBeNull().UntilVersion.ShouldBe(new ChartVersion(3, 0, 0));
    }

    [Fact]
    public void Kyverno_openreports_crds_need_both_keys()
    {
        var chart = Chart("kyverno");

        chart.InstallsCrd("openreports.io", "Report", ChartDefaults).ShouldBe(false);
        chart.InstallsCrd("openreports.io", "Report", Values(("openreports.installCrds", true))).ShouldBe(false);
        chart.InstallsCrd("openreports.io", "Report", Values(("openreports.installCrds", true), ("openreports.enabled", true)))
            .ShouldBe(true);
        chart.InstallsCrd("kyverno.io", "ClusterPolicy", ChartDefaults).ShouldBe(true);
    }

    [Fact]
    public void Cilium_skipCRDCreation_disables_crds()
    {
        var chart = Chart("cilium");

        chart.Crds.Delivery.ShouldBe(CrdDelivery.Runtime);
        chart.InstallsCrds(ChartDefaults).ShouldBe(true);
        chart.InstallsCrds(Values(("operator.skipCRDCreation", true))).ShouldBe(false);
    }

    [Fact]
    public void Gatekeeper_constraints_are_runtime_crds()
    {
        var chart = Chart("gatekeeper");

        chart.OwnsGroup("constraints.gatekeeper.sh").ShouldBeTrue();
        chart.Crds.FindGroup("constraints.gatekeeper.sh").ShouldNotBeNull().Delivery.ShouldBe(CrdDelivery.Runtime);
        chart.InstallsCrd("constraints.gatekeeper.sh", "K8sRequiredLabels", ChartDefaults).ShouldBe(true);
        chart.UpgradesCrdsWithHookJob(ChartDefaults).ShouldBeTrue();
    }

    [Fact]
    public void Gatekeeper_webhook_disabled_by_key()
    {
        var webhook = Chart("gatekeeper").WebhooksFor("", "Namespace")
            .Single(candidate => candidate.Name == "check-ignore-label.gatekeeper.sh");

        webhook.IsEnabled(ChartDefaults).ShouldBeTrue();
        webhook.IsEnabled(Values(("disableValidatingWebhook", true))).ShouldBeFalse();
        webhook.EffectiveFailurePolicy(_ => null).ShouldBe(WebhookFailurePolicy.Fail);
    }

    [Fact]
    public void Wildcard_webhook_matches_every_group()
    {
        var webhooks = Chart("gatekeeper").WebhooksFor("example.com", "Widget");

        webhooks.Select(webhook => webhook.Name)
            .ShouldBe(["validation.gatekeeper.sh", "mutation.gatekeeper.sh"], ignoreOrder: true);
    }

    [Fact]
    public void Webhook_scope_respects_kinds()
    {
        var chart = Chart("external-secrets");

        chart.WebhooksFor("external-secrets.io", "ExternalSecret").Select(webhook => webhook.Name)
            .ShouldBe(["validate.externalsecret.external-secrets.io", "external-secrets CRD conversion"], ignoreOrder: true);
        chart.WebhooksFor("external-secrets.io", "PushSecret").Select(webhook => webhook.Name)
            .ShouldBe(["external-secrets CRD conversion"]);
        chart.WebhooksFor("generators.external-secrets.io", "Password").ShouldBeEmpty();
    }

    [Fact]
    public void Charts_owning_group_are_listed()
    {
        var owners = KnowledgeBase.Default.ChartsOwningGroup("monitoring.coreos.com").Select(chart => chart.Name);

        owners.ShouldBe(["kube-prometheus-stack", "prometheus-operator-crds"], ignoreOrder: true);
        Chart("ingress-nginx").OwnsGroup("networking.k8s.io").ShouldBeFalse();
    }

    [Fact]
    public void ExternalSecrets_git_source_matches()
    {
        var source = KnowledgeBase.Default.FindExternalCrdSource(
            "https://github.com/external-secrets/external-secrets.git",
            "./config/crds/bases");

        source.ShouldNotBeNull();
        source.Name.ShouldBe("external-secrets");
        source.OwnsGroup("external-secrets.io").ShouldBeTrue();
    }

    [Theory]
    [InlineData("http://github.com/external-secrets/external-secrets", "./deploy/crds")]
    [InlineData("https://GitHub.com/External-Secrets/External-Secrets/", "config/crds/bases/")]
    [InlineData("ssh://git@github.com/external-secrets/external-secrets.git", "/config/crds/bases")]
    [InlineData("git@github.com:external-secrets/external-secrets.git", "./config/crds/bases/external-secrets.io_externalsecrets.yaml")]
    public void ExternalSecrets_git_source_matches_variant(string url, string path)
    {
        KnowledgeBase.Default.FindExternalCrdSource(url, path).ShouldNotBeNull().Name.ShouldBe("external-secrets");
    }

    [Theory]
    [InlineData(EsoGitUrl, "./docs")]
    [InlineData(EsoGitUrl, "./config/crds")]
    [InlineData(EsoGitUrl, "./config/crds/bases-old")]
    [InlineData(EsoGitUrl, "./Config/CRDs/bases")]
    [InlineData("https://github.com/example/external-secrets", "./config/crds/bases")]
    public void External_crd_source_rejects_other_path_or_repository(string url, string path)
    {
        KnowledgeBase.Default.FindExternalCrdSource(url, path).ShouldBeNull();
    }

    [Fact]
    public void Parse_rejects_unknown_field_with_position()
    {
        const string yaml = """
            charts:
              - name: in-house-operator
                repositorys: [https://charts.example.com]
            """;

        var exception = Should.Throw<KnowledgeBaseFormatException>(() => KnowledgeBase.Parse(new StringReader(yaml), "extra.yaml"));

        exception.Line.ShouldBe(3);
        exception.Message.ShouldStartWith("extra.yaml:3:");
        exception.Message.ShouldContain("repositorys");
    }

    [Fact]
    public void Parse_rejects_invalid_yaml()
    {
        Should.Throw<KnowledgeBaseFormatException>(() => KnowledgeBase.Parse(new StringReader("charts: [\n")));
    }

    [Fact]
    public void Parse_rejects_duplicate_field()
    {
        const string yaml = """
            charts:
              - name: in-house-operator
                name: other-operator
            """;

        var exception = Should.Throw<KnowledgeBaseFormatException>(() => KnowledgeBase.Parse(new StringReader(yaml)));

        exception.Line.ShouldBe(3);
    }

    [Fact]
    public void Parse_rejects_empty_input()
    {
        Should.Throw<KnowledgeBaseFormatException>(() => KnowledgeBase.Parse(new StringReader("")));
    }

    [Fact]
    public void Parse_rejects_conflict_on_unlisted_key()
    {
        const string yaml = """
            charts:
              - name: in-house-operator
                crds:
                  delivery: templates
                  keys: []
                  conflicts:
                    - when: {crds.enabled: true}
                      reason: example
            """;

        var exception = Should.Throw<KnowledgeBaseFormatException>(() => KnowledgeBase.Parse(new StringReader(yaml)));

        exception.Message.ShouldContain("crds.enabled");
    }

    [Fact]
    public void Parse_accepts_in_house_operator()
    {
        const string yaml = """
            charts:
              - name: widget-operator
                repositories: [oci://registry.example.com/charts]
                crds:
                  delivery: templates
                  groups:
                    - group: widgets.example.com
                      kinds: [Widget]
                  keys:
                    - {key: crds.install, default: true, effect: enables}
                webhooks:
                  - name: vwidget.widgets.example.com
                    type: validating
                    groups: [widgets.example.com]
                    enabledBy: null
                    failurePolicy: Fail
            """;

        var knowledge = KnowledgeBase.Parse(new StringReader(yaml));

        var chart = knowledge.FindChart("widget-operator", "oci://registry.example.com/charts/widget-operator").ShouldNotBeNull();
        chart.InstallsCrds(Values(("crds.install", false))).ShouldBe(false);
        chart.WebhooksFor("widgets.example.com", "Widget").ShouldHaveSingleItem().IsEnabled(ChartDefaults).ShouldBeTrue();
        knowledge.ExternalCrdSources.ShouldBeEmpty();
    }

    [Fact]
    public void Chart_without_crds_section_is_unknown()
    {
        var knowledge = KnowledgeBase.Parse(new StringReader("charts:\n  - name: mystery\n"));

        var chart = knowledge.FindChart("mystery", "https://charts.example.com").ShouldNotBeNull();
        chart.InstallsCrds(ChartDefaults).ShouldBeNull();
        chart.InstallsCrd("example.com", "Thing", ChartDefaults).ShouldBeNull();
    }

    [Theory]
    [InlineData("1.15.0", 1, 15, 0)]
    [InlineData("v3.2", 3, 2, 0)]
    [InlineData("2", 2, 0, 0)]
    [InlineData("1.15.0-alpha.1", 1, 15, 0)]
    [InlineData("0.29.1+build.5", 0, 29, 1)]
    public void Chart_version_parses_exact_version(string text, int major, int minor, int patch)
    {
        ChartVersion.TryParse(text, out var version).ShouldBeTrue();
        version.ShouldBe(new ChartVersion(major, minor, patch));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    [InlineData("1.x")]
    [InlineData(">=1.0.0 <2.0.0")]
    [InlineData("1.2.3.4")]
    public void Chart_version_rejects_range(string? text)
    {
        ChartVersion.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("crds.create", true)]
    [InlineData("crds.enabled", true)]
    [InlineData("installCRDs", true)]
    [InlineData("operator.skipCRDCreation", true)]
    [InlineData("crds.createClusterSecretStore", true)]
    [InlineData("crds.annotations", false)]
    [InlineData("crds.upgradeJob.image.tag", false)]
    [InlineData("serviceMonitor.enabled", false)]
    public void Crd_toggle_heuristic_classifies_key(string key, bool expected)
    {
        CrdInfo.LooksLikeCrdToggle(key).ShouldBe(expected);
    }

    // An OCIRepository URL for OCI repositories, and the other scheme for HTTP(S) ones.
    private static string VariantOf(string repository, string chartName)
    {
        if (repository.StartsWith("oci://", StringComparison.Ordinal))
        {
            return repository.TrimEnd('/') + "/" + chartName;
        }

        if (repository.StartsWith("https://", StringComparison.Ordinal))
        {
            return "http://" + repository["https://".Length..];
        }

        return "https://" + repository["http://".Length..];
    }

    private static ChartInfo Chart(string name) => KnowledgeBase.Default.FindChart(name, null).ShouldNotBeNull();

    private static Func<string, bool?> Values(params (string Key, bool Value)[] values) =>
        key => values.Where(pair => pair.Key == key).Select(pair => (bool?)pair.Value).FirstOrDefault();

    private static Func<string, string?> Scalars(params (string Key, string Value)[] values) =>
        key => values.Where(pair => pair.Key == key).Select(pair => pair.Value).FirstOrDefault();
}
