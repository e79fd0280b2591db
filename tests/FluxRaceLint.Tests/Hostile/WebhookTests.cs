using System.Text;
using FluxRaceLint.Graph;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Validating webhook configurations of the repository: malformed entries, and many webhooks,
/// workloads and custom resources at once, which multiplied into each other.
/// </summary>
public sealed class WebhookTests
{
    private const string Crd = FluxRaceLint.Tests.Rules.RepositoryWebhookTests.Crd;

    private static string Webhook(int index, string extra) => $$"""
          - name: w{{index}}.example.com
            admissionReviewVersions: [v1]
            sideEffects: None
            clientConfig:
              service: {name: webhook, namespace: widget-system}
            rules:
              - {apiGroups: [example.com], apiVersions: [v1], resources: [widgets], operations: [CREATE, UPDATE]}
        {{extra}}
        """;

    private static string Deployment(int index) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: server-{{{index}}}
          namespace: widget-system
        spec:
          selector: {matchLabels: {app: widget}}
          template:
            metadata: {labels: {app: widget}}
            spec: {containers: [{name: server, image: widget}]}
        ---

        """;

    private static string Widget(int index) =>
        $"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: widget-{index}\n  namespace: default\n  labels: {{tier: web}}\n---\n";

    /// <summary>A CRD in 'infra', the webhook configuration, its Service and workloads in 'hooks', and the widgets in 'widgets'.</summary>
    private static TempRepository Repository(int webhooks, int deployments, int widgets, string extra = "")
    {
        var configuration = new StringBuilder("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: widgets\nwebhooks:\n");
        for (var i = 0; i < webhooks; i++)
            configuration.Append(Webhook(i, extra)).Append('\n');
        configuration.Append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: webhook\n  namespace: widget-system\nspec:\n  selector: {app: widget}\n  ports: [{port: 443}]\n---\n");
        for (var i = 0; i < deployments; i++)
            configuration.Append(Deployment(i));

        return new TempRepository().WithRacy()
            .With("racy/infra.yaml", Kustomization("infra", "./infra"))
            .With("racy/hooks.yaml", Kustomization("hooks", "./hooks", "  dependsOn: [{name: infra}]"))
            .With("racy/widgets.yaml", Kustomization("widgets", "./widgets", "  dependsOn: [{name: infra}]"))
            .With("infra/crd.yaml", Crd)
            .With("hooks/configuration.yaml", configuration.ToString())
            .With("widgets/widgets.yaml", string.Concat(Enumerable.Range(0, widgets).Select(Widget)));
    }

    [Fact]
    public void Thousand_webhooks_sharing_one_service()
    {
        // Every widget used to walk every server of every webhook: a billion steps.
        using var repository = Repository(webhooks: 1_000, deployments: 2_000, widgets: 1_000);

        var outcome = Hostile.Check(repository);

        var cluster = outcome.Result.Graphs.Single().Item1;
        var index = new RepositoryWebhookIndex(cluster, null);
        index.Webhooks.Count.ShouldBe(1_000);
        index.Webhooks.Select(webhook => webhook.Servers).Distinct(ReferenceEqualityComparer.Instance).Count().ShouldBe(1);
        index.Webhooks[0].Servers.Count.ShouldBe(2_000);
        outcome.Output.ShouldContain("FRL003 Kustomization 'flux-system/widgets' applies 'Widget/default/widget-0'");
    }

    [Fact]
    public void Object_selector_with_huge_list()
    {
        // Each widget used to parse the selector again: 4,000 parses of 300,000 values.
        var values = string.Join(", ", Enumerable.Range(0, 300_000).Select(i => $"v{i}"));
        using var repository = Repository(webhooks: 1, deployments: 1, widgets: 4_000, $"    objectSelector: {{matchExpressions: [{{key: tier, operator: NotIn, values: [{values}]}}]}}");

        var outcome = Hostile.Check(repository);

        outcome.Output.ShouldContain("FRL003 Kustomization 'flux-system/widgets' applies 'Widget/default/widget-0'");
    }

    [Theory]
    [InlineData("    objectSelector: {matchExpressions: [{key: tier, operator: Bogus, values: [web]}]}")]
    [InlineData("    namespaceSelector: {matchExpressions: [{key: a, operator: In, values: [[x], {y: 1}]}]}")]
    [InlineData("    objectSelector: 42\n    namespaceSelector: [a]\n    matchConditions: 7")]
    [InlineData("    failurePolicy: [Fail]\n    matchPolicy: {a: 1}\n    clientConfig: 7")]
    [InlineData("    rules: 7")]
    [InlineData("    rules: [7, null, [x], {apiGroups: 7, resources: {a: 1}, operations: [[CREATE]]}]")]
    public void Malformed_webhook_fields(string fields)
    {
        var rules = fields.Contains("rules:", StringComparison.Ordinal)
            ? ""
            : "    rules:\n      - {apiGroups: [example.com], apiVersions: [v1], resources: [widgets], operations: [CREATE]}\n";
        var clientConfig = fields.Contains("clientConfig:", StringComparison.Ordinal)
            ? ""
            : "    clientConfig:\n      service: {name: webhook, namespace: widget-system}\n";
        using var repository = Repository(webhooks: 0, deployments: 1, widgets: 3)
            .With("hooks/malformed.yaml", $"apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: malformed\nwebhooks:\n  - name: malformed.example.com\n{clientConfig}{rules}{fields}\n");

        Hostile.Check(repository);
    }

    [Theory]
    [InlineData("webhooks: 7")]
    [InlineData("webhooks: [7, null, [x], \"text\"]")]
    [InlineData("webhooks:")]
    [InlineData("webhooks: {name: x}")]
    public void Malformed_webhooks_list(string webhooks)
    {
        using var repository = Repository(webhooks: 0, deployments: 1, widgets: 3)
            .With("hooks/malformed.yaml", $"apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: malformed\n{webhooks}\n");

        Hostile.Check(repository);
    }
}
