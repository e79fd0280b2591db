using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>
/// FRL003 and FRL004 for a Validating- or MutatingWebhookConfiguration that the repository applies: the
/// custom resources it checks must wait for the Deployment that serves it.
/// </summary>
public sealed class RepositoryWebhookTests
{
    /// <summary>The Widget CRD of group example.com, namespaced, with the plural 'widgets'.</summary>
    internal const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names:
            kind: Widget
            plural: widgets
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: widget-operator
          namespace: widget-system
        spec:
          selector:
            matchLabels:
              app: widget-operator
          template:
            metadata:
              labels:
                app: widget-operator
            spec:
              containers:
                - name: manager
                  image: ghcr.io/example/widget-operator:v0.4.2
        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: widget-webhook
          namespace: widget-system
        spec:
          selector:
            app: widget-operator
          ports:
            - port: 443
              targetPort: 9443
        """;

    private const string Widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: storefront
          namespace: shop
        """;

    private const string DependsOnCrds = "  dependsOn:\n    - name: widget-crds";

    /// <summary>A webhook configuration whose entry ends with <paramref name="extra"/>: further lines, indented four spaces.</summary>
    private static string Webhook(
        string extra = "    failurePolicy: Fail",
        string rules = "      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [CREATE, UPDATE]\n        resources: [widgets]",
        string client = "      service:\n        name: widget-webhook\n        namespace: widget-system",
        string apiVersion = "admissionregistration.k8s.io/v1",
        string kind = "ValidatingWebhookConfiguration") => $"""
        apiVersion: {apiVersion}
        kind: {kind}
        metadata:
          name: widget-validator
        webhooks:
          - name: vwidget.example.com
            admissionReviewVersions: [v1]
            sideEffects: None
            clientConfig:
        {client}
            rules:
        {rules}
        {extra}
        """;

    /// <summary>
    /// Kustomization 'widget-crds' applies the CRD, 'widget-operator' (with <paramref name="operatorExtra"/>) the
    /// operator folder, and 'widgets' (with <paramref name="widgetsExtra"/>) a Widget in namespace 'shop'.
    /// </summary>
    private static TempRepository Repository(
        string webhook,
        string operatorExtra = "  wait: true\n" + DependsOnCrds,
        string widgetsExtra = DependsOnCrds,
        string widget = Widget) =>
        New()
            .With("clusters/demo/widgets.yaml", string.Join(
                "\n---\n",
                Kustomization("widget-crds", "./crds"),
                Kustomization("widget-operator", "./operator", operatorExtra),
                Kustomization("widgets", "./widgets", widgetsExtra)))
            .With("crds/widgets.yaml", Crd)
            .With("operator/namespace.yaml", Namespace("widget-system"))
            .With("operator/deployment.yaml", Deployment)
            .With("operator/service.yaml", Service)
            .With("operator/webhook.yaml", webhook)
            .With("widgets/namespace.yaml", Namespace("shop"))
            .With("widgets/widget.yaml", widget);

    [Fact]
    public void Unordered_custom_resource_is_an_error()
    {
        using var repository = Repository(Webhook());

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Error);
        finding.Location.Path.ShouldBe("clusters/demo/widgets.yaml");
        finding.Message.ShouldContain("applies 'Widget/shop/storefront', which the admission webhook 'vwidget.example.com' of ValidatingWebhookConfiguration 'widget-validator' checks");
        finding.Message.ShouldContain("does not reach Kustomization 'flux-system/widget-operator' that applies that configuration and Deployment 'widget-system/widget-operator'");
        finding.Help.ShouldBe("Add '{name: widget-operator}' to spec.dependsOn.");
        finding.Related.Select(r => r.Span.Path).ShouldBe(["widgets/widget.yaml", "operator/webhook.yaml", "operator/deployment.yaml"]);
    }

    [Fact]
    public void Dependency_on_waited_operator_is_quiet()
    {
        using var repository = Repository(Webhook(), widgetsExtra: "  dependsOn:\n    - name: widget-crds\n    - name: widget-operator");

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Health_check_on_deployment_counts_as_ready()
    {
        var healthCheck = "  healthChecks:\n    - kind: Deployment\n      name: widget-operator\n      namespace: widget-system\n" + DependsOnCrds;
        using var repository = Repository(Webhook(), operatorExtra: healthCheck, widgetsExtra: "  dependsOn:\n    - name: widget-operator");

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Ignore_policy_lowers_finding_to_note()
    {
        using var repository = Repository(Webhook("    failurePolicy: Ignore"));

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Note);
        finding.Message.ShouldContain("Its failure policy is Ignore");
    }

    [Fact]
    public void V1beta1_defaults_to_ignore()
    {
        using var repository = Repository(Webhook("    timeoutSeconds: 10", apiVersion: "admissionregistration.k8s.io/v1beta1"));

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Note);
    }

    [Fact]
    public void V1_defaults_to_fail()
    {
        using var repository = Repository(Webhook("    timeoutSeconds: 10", kind: "MutatingWebhookConfiguration"));

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Error);
        finding.Message.ShouldContain("of MutatingWebhookConfiguration 'widget-validator'");
    }

    [Fact]
    public void Url_webhook_is_quiet_and_logged()
    {
        using var repository = Repository(Webhook(client: "      url: https://widgets.example.net/validate"));

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("webhook 'vwidget.example.com'", StringComparison.Ordinal) && line.Contains("calls the URL", StringComparison.Ordinal));
    }

    [Fact]
    public void Webhook_beside_its_custom_resources_is_quiet()
    {
        using var repository = New()
            .With("clusters/demo/widgets.yaml", Kustomization("widgets", "./all", "  wait: true"))
            .With("all/crd.yaml", Crd)
            .With("all/namespace.yaml", Namespace("widget-system"))
            .With("all/deployment.yaml", Deployment)
            .With("all/service.yaml", Service)
            .With("all/webhook.yaml", Webhook())
            .With("all/shop.yaml", Namespace("shop"))
            .With("all/widget.yaml", Widget);

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Operator_without_wait_is_reported_on_the_gate()
    {
        using var repository = Repository(Webhook(), operatorExtra: DependsOnCrds, widgetsExtra: "  dependsOn:\n    - name: widget-operator");

        var result = repository.Lint();

        result.Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldBeEmpty();
        var finding = result.Of(RuleCatalog.DependencyWithoutWait).Single();
        finding.Level.ShouldBe(Severity.Error);
        finding.Message.ShouldContain("for the admission webhook 'vwidget.example.com', which Deployment 'widget-system/widget-operator' serves");
        finding.Message.ShouldContain("'flux-system/widget-operator' has neither 'wait: true' nor healthChecks");
        finding.Help.ShouldBe("Set 'wait: true' on this Kustomization, or list Deployment 'widget-system/widget-operator' in its healthChecks.");
    }

    [Fact]
    public void Health_check_on_other_object_does_not_count()
    {
        var healthCheck = "  healthChecks:\n    - kind: Deployment\n      name: something-else\n      namespace: widget-system\n" + DependsOnCrds;
        using var repository = Repository(Webhook(), operatorExtra: healthCheck, widgetsExtra: "  dependsOn:\n    - name: widget-operator");

        var finding = repository.Lint().Of(RuleCatalog.DependencyWithoutWait).Single();

        finding.Message.ShouldContain("the healthChecks of 'flux-system/widget-operator' do not include Deployment 'widget-system/widget-operator'");
    }

    [Fact]
    public void Object_selector_leaving_resource_out_is_quiet()
    {
        using var repository = Repository(Webhook("    failurePolicy: Fail\n    objectSelector:\n      matchLabels:\n        widgets.example.com/validate: \"true\""));

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Object_selector_on_flux_owner_label_matches()
    {
        using var repository = Repository(Webhook("    failurePolicy: Fail\n    objectSelector:\n      matchExpressions:\n        - key: kustomize.toolkit.fluxcd.io/name\n          operator: Exists"));

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single().Level.ShouldBe(Severity.Error);
    }

    [Fact]
    public void Namespace_selector_excluding_labelled_namespace_is_quiet()
    {
        var selector = "    failurePolicy: Fail\n    namespaceSelector:\n      matchExpressions:\n        - key: widgets.example.com/skip\n          operator: NotIn\n          values: [\"true\"]";
        using var repository = Repository(Webhook(selector))
            .With("widgets/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    widgets.example.com/skip: \"true\"\n");

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("      matchLabels:\n        team: storefront")]
    [InlineData("      matchExpressions:\n        - key: widgets.example.com/skip\n          operator: NotIn\n          values: [\"true\"]")]
    public void Unknown_namespace_selector_lowers_to_warning(string match)
    {
        var selector = "    failurePolicy: Fail\n    namespaceSelector:\n" + match;
        using var repository = Repository(Webhook(selector))
            .With("widgets/namespace.yaml", "");

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Warning);
        finding.Message.ShouldContain("may leave these objects out");
    }

    [Fact]
    public void Namespace_selector_by_metadata_name_matches()
    {
        var selector = "    failurePolicy: Fail\n    namespaceSelector:\n      matchLabels:\n        kubernetes.io/metadata.name: shop";
        using var repository = Repository(Webhook(selector))
            .With("widgets/namespace.yaml", "");

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single().Level.ShouldBe(Severity.Error);
    }

    [Theory]
    [InlineData("      - apiGroups: [\"\"]\n        apiVersions: [v1]\n        operations: [CREATE]\n        resources: [pods]")]
    [InlineData("      - apiGroups: [apps]\n        apiVersions: [v1]\n        operations: [\"*\"]\n        resources: [deployments]")]
    [InlineData("      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [DELETE]\n        resources: [widgets]")]
    [InlineData("      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [CREATE]\n        resources: [widgets/status]")]
    [InlineData("      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [CREATE]\n        resources: [gadgets]")]
    public void Rules_that_miss_the_resource_are_quiet(string rules)
    {
        using var repository = Repository(Webhook(rules: rules));

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("      - apiGroups: [\"*\"]\n        apiVersions: [\"*\"]\n        operations: [\"*\"]\n        resources: [\"*\"]")]
    [InlineData("      - apiGroups: [example.com]\n        apiVersions: [v2]\n        operations: [UPDATE]\n        resources: [\"*/*\"]")]
    public void Wildcard_rules_match_the_resource(string rules)
    {
        using var repository = Repository(Webhook(rules: rules));

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldHaveSingleItem();
    }

    [Fact]
    public void Exact_match_policy_checks_the_version()
    {
        var rules = "      - apiGroups: [example.com]\n        apiVersions: [v2]\n        operations: [CREATE]\n        resources: [widgets]";
        using var repository = Repository(Webhook("    failurePolicy: Fail\n    matchPolicy: Exact", rules: rules));

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Server_applied_by_ancestor_cannot_be_ordered()
    {
        using var repository = New()
            .With("clusters/demo/crds.yaml", Kustomization("widget-crds", "./crds"))
            .With("clusters/demo/platform.yaml", Kustomization("platform", "./platform", "  wait: true\n" + DependsOnCrds))
            .With("crds/widgets.yaml", Crd)
            .With("platform/namespace.yaml", Namespace("widget-system"))
            .With("platform/deployment.yaml", Deployment)
            .With("platform/service.yaml", Service)
            .With("platform/webhook.yaml", Webhook())
            .With("platform/widgets.yaml", Kustomization("widgets", "./widgets", DependsOnCrds))
            .With("widgets/namespace.yaml", Namespace("shop"))
            .With("widgets/widget.yaml", Widget);

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Message.ShouldContain("is applied by Kustomization 'flux-system/platform', which also applies this Kustomization");
        finding.Help.ShouldStartWith("Move Deployment 'widget-system/widget-operator' and ValidatingWebhookConfiguration 'widget-validator' into a Kustomization of their own");
    }

    [Fact]
    public void Known_chart_beside_configuration_is_the_server()
    {
        var release = Release("metallb", "widget-system", "metallb", "0.14.9", "https://metallb.github.io/metallb");
        using var repository = Repository(Webhook().Replace("vwidget.example.com", "ipaddresspoolvalidationwebhook.metallb.io", StringComparison.Ordinal), operatorExtra: DependsOnCrds)
            .With("operator/deployment.yaml", "")
            .With("operator/service.yaml", "")
            .With("operator/release.yaml", release);

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Message.ShouldContain("that applies that configuration and HelmRelease 'widget-system/metallb'");
        finding.Help.ShouldBe("Add '{name: widget-operator}' to spec.dependsOn, and set 'wait: true' on 'flux-system/widget-operator' so that it is Ready only once HelmRelease 'widget-system/metallb' is.");
    }

    [Fact]
    public void Unrelated_release_beside_configuration_is_not_the_server()
    {
        var release = Release("redis", "widget-system", "redis", "20.6.2", "https://charts.bitnami.com/bitnami");
        using var repository = Repository(Webhook(), operatorExtra: DependsOnCrds, widgetsExtra: "  dependsOn:\n    - name: widget-operator")
            .With("operator/deployment.yaml", "")
            .With("operator/service.yaml", "")
            .With("operator/release.yaml", release);

        var result = repository.Lint();

        result.Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldBeEmpty();
        result.Of(RuleCatalog.DependencyWithoutWait).ShouldNotContain(f => f.Level == Severity.Error);
        result.VerboseMessages.ShouldContain(line => line.Contains("is served by Service 'widget-system/widget-webhook'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Namespaced", "Cluster", "")]
    [InlineData("Cluster", "Namespaced", "  namespace: shop\n")]
    public void Rule_scope_that_misses_the_resource_is_quiet(string ruleScope, string crdScope, string widgetNamespace)
    {
        var rules = $"      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [CREATE]\n        resources: [widgets]\n        scope: {ruleScope}";
        using var repository = Repository(Webhook(rules: rules), widget: $"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: storefront\n{widgetNamespace}")
            .With("crds/widgets.yaml", Crd.Replace("scope: Namespaced", $"scope: {crdScope}", StringComparison.Ordinal));

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Rule_scope_that_matches_the_resource_is_reported()
    {
        var rules = "      - apiGroups: [example.com]\n        apiVersions: [v1]\n        operations: [CREATE]\n        resources: [widgets]\n        scope: Namespaced";
        using var repository = Repository(Webhook(rules: rules));

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldHaveSingleItem();
    }

    [Fact]
    public void Ancestor_of_webhook_kustomization_is_quiet()
    {
        using var repository = New()
            .With("clusters/demo/crd.yaml", Crd)
            .With("clusters/demo/shop.yaml", Namespace("shop"))
            .With("clusters/demo/widget.yaml", Widget)
            .With("clusters/demo/operator.yaml", Kustomization("widget-operator", "./operator", "  wait: true"))
            .With("operator/namespace.yaml", Namespace("widget-system"))
            .With("operator/deployment.yaml", Deployment)
            .With("operator/service.yaml", Service)
            .With("operator/webhook.yaml", Webhook());

        var result = repository.Lint();

        result.Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldBeEmpty();
        result.Of(RuleCatalog.RetryIntervalMissing).ShouldBeEmpty();
    }

    [Fact]
    public void Ancestor_of_chart_webhook_kustomization_is_quiet()
    {
        var release = Release("external-secrets", "external-secrets", "external-secrets", "1.3.1", "https://charts.external-secrets.io", "  values:\n    installCRDs: false");
        var store = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: vault-global\n";
        var crd = Crd.Replace("widgets.example.com", "clustersecretstores.external-secrets.io", StringComparison.Ordinal)
            .Replace("group: example.com", "group: external-secrets.io", StringComparison.Ordinal)
            .Replace("kind: Widget", "kind: ClusterSecretStore", StringComparison.Ordinal)
            .Replace("plural: widgets", "plural: clustersecretstores", StringComparison.Ordinal)
            .Replace("scope: Namespaced", "scope: Cluster", StringComparison.Ordinal);
        using var repository = New()
            .With("clusters/demo/crd.yaml", crd)
            .With("clusters/demo/store.yaml", store)
            .With("clusters/demo/operator.yaml", Kustomization("external-secrets-operator", "./operator", "  wait: true"))
            .With("operator/namespace.yaml", Namespace("external-secrets"))
            .With("operator/release.yaml", release);

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldBeEmpty();
    }

    [Fact]
    public void Health_check_in_other_kustomization_counts_as_ready()
    {
        var gate = Kustomization("widget-operator-ready", "./empty", "  dependsOn:\n    - name: widget-operator\n  healthChecks:\n    - kind: Deployment\n      name: widget-operator\n      namespace: widget-system");
        using var repository = Repository(Webhook(), operatorExtra: DependsOnCrds, widgetsExtra: "  dependsOn:\n    - name: widget-operator-ready")
            .With("clusters/demo/ready.yaml", gate)
            .With("empty/namespace.yaml", Namespace("widget-ready"));

        var result = repository.Lint();

        result.Of(RuleCatalog.DependencyWithoutWait).ShouldNotContain(f => f.Level == Severity.Error);
        result.Of(RuleCatalog.DependsOnDefinitionsNotOperator).ShouldBeEmpty();
    }

    [Fact]
    public void Object_selector_with_kustomize_labels_lowers_to_warning()
    {
        var selector = "    failurePolicy: Fail\n    objectSelector:\n      matchExpressions:\n        - key: widgets.example.com/skip\n          operator: DoesNotExist";
        using var repository = Repository(Webhook(selector))
            .With("widgets/kustomization.yaml", "resources: [namespace.yaml, widget.yaml]\nlabels:\n  - pairs:\n      team: shop\n");

        var finding = repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single();

        finding.Level.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Object_selector_without_kustomize_labels_is_an_error()
    {
        var selector = "    failurePolicy: Fail\n    objectSelector:\n      matchExpressions:\n        - key: widgets.example.com/skip\n          operator: DoesNotExist";
        using var repository = Repository(Webhook(selector))
            .With("widgets/kustomization.yaml", "resources: [namespace.yaml, widget.yaml]\n");

        repository.Lint().Of(RuleCatalog.DependsOnDefinitionsNotOperator).Single().Level.ShouldBe(Severity.Error);
    }

    [Fact]
    public void Service_outside_the_repository_is_quiet_and_logged()
    {
        using var repository = Repository(Webhook())
            .With("operator/deployment.yaml", "")
            .With("operator/service.yaml", "");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("is served by Service 'widget-system/widget-webhook', which no Kustomization of cluster", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Widget", "widgets")]
    [InlineData("Policy", "policies")]
    [InlineData("Gateway", "gateways")]
    [InlineData("Ingress", "ingresses")]
    [InlineData("Mailbox", "mailboxes")]
    [InlineData("Batch", "batches")]
    public void Plural_guess_follows_english_rules(string kind, string plural)
    {
        RepositoryWebhookIndex.GuessPlural(kind).ShouldBe(plural);
    }
}
