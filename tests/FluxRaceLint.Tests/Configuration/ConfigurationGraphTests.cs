using FluxRaceLint.Configuration;
using FluxRaceLint.Knowledge;
using FluxRaceLint.Tests.Rules;

namespace FluxRaceLint.Tests.Configuration;

/// <summary>The configuration keys that change the graph: clusters, sources and knowledge.</summary>
public sealed class ConfigurationGraphTests
{
    private const string Queue = """
        apiVersion: queues.acme.example.com/v1alpha1
        kind: Queue
        metadata:
          name: orders
          namespace: messaging
        spec:
          maxMessages: 10000
        """;

    private const string QueueOperatorChart = """
        knowledge:
          charts:
            - name: queue-operator
              repositories: [https://charts.acme.example.com]
              crds:
                delivery: crds-directory
                groups:
                  - group: queues.acme.example.com
                    kinds: [Queue]
        """;

    private const string QueueOperatorRelease = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: acme
          namespace: flux-system
        spec:
          interval: 1h
          url: https://charts.acme.example.com
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: queue-operator
          namespace: flux-system
        spec:
          interval: 1h
          chart:
            spec:
              chart: queue-operator
              sourceRef:
                kind: HelmRepository
                name: acme
          upgrade:
            crds: CreateReplace
        """;

    [Fact]
    public void Knowledge_chart_names_the_crd_provider()
    {
        using var repository = OperatorAndQueue(QueueOperatorRelease, operatorPath: "infrastructure/queue-operator");

        var without = repository.Lint();
        repository.With(".fluxracelint.yaml", QueueOperatorChart);
        var with = repository.Lint();

        without.Findings.ShouldBeEmpty();
        without.VerboseMessages.ShouldContain(
            "assumed: no known provider applies the CRDs of API group 'queues.acme.example.com' in cluster 'clusters/demo', but the cluster has 1 HelmRelease whose chart the knowledge base does not know, and any of them may, so 'Queue/messaging/orders' is not reported. List the group under assumePresent, or describe its chart under knowledge in .fluxracelint.yaml, to make this explicit");
        var finding = with.Findings.ShouldHaveSingleItem();
        finding.Rule.Id.ShouldBe("FRL001");
        finding.Message.ShouldContain("whose CRD comes from HelmRelease 'flux-system/queue-operator'");
        with.VerboseMessages.ShouldNotContain(line => line.StartsWith("assumed: no known provider", StringComparison.Ordinal));
        with.VerboseMessages.ShouldContain("knowledge base: the configuration's 1 chart and 0 external CRD sources come before the built-in entries");
    }

    [Fact]
    public void Knowledge_chart_ordered_first_is_quiet()
    {
        using var repository = OperatorAndQueue(QueueOperatorRelease, operatorPath: "infrastructure/queue-operator", ordered: true)
            .With(".fluxracelint.yaml", QueueOperatorChart);

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Knowledge_external_source_names_the_crd_provider()
    {
        using var repository = OperatorAndQueue(
            """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: queue-operator
              namespace: flux-system
            spec:
              interval: 1h
              url: https://github.com/acme/queue-operator
              ref:
                tag: v1.4.0
            """,
            operatorPath: "config/crd/bases",
            operatorSource: "queue-operator");

        var without = repository.Lint();
        repository.With(".fluxracelint.yaml", """
            knowledge:
              externalCrdSources:
                - name: queue-operator
                  urls: [https://github.com/acme/queue-operator.git]
                  paths:
                    - path: config/crd/bases
                  groups:
                    - group: queues.acme.example.com
            """);
        var with = repository.Lint();

        without.Findings.ShouldBeEmpty();
        var finding = with.Findings.ShouldHaveSingleItem();
        finding.Rule.Id.ShouldBe("FRL001");
        finding.Message.ShouldContain("whose CRD comes from Kustomization 'flux-system/queue-operator' (from its external source)");
    }

    [Fact]
    public void Knowledge_chart_replaces_the_built_in_entry()
    {
        var additions = ConfigurationParser.Parse("/repo/.fluxracelint.yaml", """
            knowledge:
              charts:
                - name: cert-manager
                  repositories: [https://charts.jetstack.io]
                  crds:
                    delivery: none
            """).Knowledge!;

        var merged = KnowledgeBase.Default.WithAdditions(additions);

        merged.FindChart("cert-manager", "https://charts.jetstack.io")!.Crds.Delivery.ShouldBe(CrdDelivery.None);
        merged.Charts.Count(c => c.Name == "cert-manager").ShouldBe(1);
        merged.Charts.Count.ShouldBe(KnowledgeBase.Default.Charts.Count);
        KnowledgeBase.Default.FindChart("cert-manager", "https://charts.jetstack.io")!.Crds.Delivery.ShouldNotBe(CrdDelivery.None);
    }

    [Fact]
    public void Knowledge_chart_of_another_repository_is_added()
    {
        var additions = ConfigurationParser.Parse("/repo/.fluxracelint.yaml", """
            knowledge:
              charts:
                - name: cert-manager
                  repositories: [https://charts.internal.example.com]
                  crds:
                    delivery: none
            """).Knowledge!;

        var merged = KnowledgeBase.Default.WithAdditions(additions);

        merged.FindChart("cert-manager", "https://charts.internal.example.com")!.Crds.Delivery.ShouldBe(CrdDelivery.None);
        merged.FindChart("cert-manager", "https://charts.jetstack.io")!.Crds.Delivery.ShouldNotBe(CrdDelivery.None);
    }

    [Theory]
    [InlineData("knowledge:\n  charts:\n    - name: x\n      repositorys: []\n", "4:7: Under 'knowledge': unknown field 'repositorys'")]
    [InlineData("knowledge:\n  chart: []\n", "2:3: Under 'knowledge': unknown field 'chart'")]
    [InlineData("knowledge: []\n", "1:12: The key 'knowledge' must be a mapping with the keys 'charts' and 'externalCrdSources', but it is a list.")]
    [InlineData("clusters: clusters/main\n", "1:11: The key 'clusters' must be a list of repository-relative folders, one for each cluster, but it is the string 'clusters/main'.")]
    [InlineData("clusters:\n  - ../elsewhere\n", "2:5: '../elsewhere' under 'clusters' is not a folder inside the repository. Write it relative to the repository root, such as 'clusters/production'.")]
    [InlineData("clusters:\n  - clusters/absent\n", "2:5: The folder 'clusters/absent' under 'clusters' does not exist in the repository. Give each cluster's folder relative to the repository root.")]
    [InlineData("sources:\n  - path: deploy\n", "2:5: An entry under 'sources' has no 'url'. Give the URL of the OCIRepository or GitRepository that this repository is published to.")]
    [InlineData("sources:\n  - url: oci://x/y\n    tag: latest\n", "3:5: Unknown key 'sources.tag'. The keys are 'url' and 'path'.")]
    [InlineData("sources:\n  - url: oci://x/y\n    path: absent\n", "2:10: The folder 'absent' of the source 'oci://x/y' under 'sources' does not exist in the repository.")]
    public void Invalid_graph_keys_name_line_and_column(string text, string expected)
    {
        using var repository = RuleRepository.New().With(".fluxracelint.yaml", text);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith($"error: .fluxracelint.yaml:{expected}");
    }

    [Fact]
    public void Sources_entry_maps_oci_artifact()
    {
        using var repository = RuleRepository.New()
            .With("clusters/demo/apps.yaml", """
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata:
                  name: fleet
                  namespace: flux-system
                spec:
                  interval: 5m
                  url: oci://ghcr.io/acme/fleet
                  ref:
                    tag: latest
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: messaging
                  namespace: flux-system
                spec:
                  interval: 1h
                  retryInterval: 1m
                  path: ./messaging
                  prune: true
                  sourceRef:
                    kind: OCIRepository
                    name: fleet
                """)
            .With("deploy/messaging/kustomization.yaml", "resources: [queue.yaml]\n")
            .With("deploy/messaging/queue.yaml", Queue);

        var opaque = repository.Lint();
        repository.With(".fluxracelint.yaml", "sources:\n  - url: oci://ghcr.io/acme/fleet/\n    path: deploy\n");
        var mapped = repository.Lint();

        opaque.Findings.ShouldBeEmpty();
        opaque.VerboseMessages.ShouldContain(line => line.StartsWith(
            "not analysed: source OCIRepository/flux-system/fleet (oci://ghcr.io/acme/fleet) is not this repository. What Kustomization 'flux-system/messaging' applies is unknown",
            StringComparison.Ordinal));
        mapped.VerboseMessages.ShouldNotContain(line => line.StartsWith("not analysed:", StringComparison.Ordinal));
        var finding = mapped.Findings.ShouldHaveSingleItem();
        finding.Rule.Id.ShouldBe("FRL001");
        finding.Related.ShouldContain(r => r.Span.Path == "deploy/messaging/queue.yaml");
        mapped.VerboseMessages.ShouldContain("source 'oci://ghcr.io/acme/fleet/': read from the folder 'deploy' (configuration)");
    }

    [Fact]
    public void Clusters_entry_replaces_discovery()
    {
        using var repository = new TempRepository()
            .With("kubernetes/main/messaging.yaml", RuleRepository.Kustomization("messaging", "./apps/messaging"))
            .With("kubernetes/lab/messaging.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: messaging\n")
            .With("apps/messaging/kustomization.yaml", "resources: [queue.yaml]\n")
            .With("apps/messaging/queue.yaml", Queue)
            .With(".fluxracelint.yaml", "clusters:\n  - kubernetes/main\n  - kubernetes/lab\n");

        var result = repository.Lint();

        result.ClusterCount.ShouldBe(2);
        result.VerboseMessages.ShouldContain(line => line.StartsWith("cluster 'kubernetes/main': named under 'clusters' in the configuration", StringComparison.Ordinal));
        var finding = result.Findings.ShouldHaveSingleItem();
        finding.Rule.Id.ShouldBe("FRL001");
        finding.Message.ShouldContain("in cluster 'kubernetes/main'");
    }

    private static TempRepository OperatorAndQueue(string operatorObjects, string operatorPath, string operatorSource = "flux-system", bool ordered = false)
    {
        var repository = RuleRepository.New()
            .With("clusters/demo/infrastructure.yaml", $$"""
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: queue-operator
                  namespace: flux-system
                spec:
                  interval: 1h
                  retryInterval: 1m
                  path: ./{{operatorPath}}
                  prune: true
                  wait: true
                  sourceRef:
                    kind: GitRepository
                    name: {{operatorSource}}
                """)
            .With("clusters/demo/messaging.yaml", RuleRepository.Kustomization("messaging", "./apps/messaging", $"  dependsOn:\n    - name: {(ordered ? "queue-operator" : "namespaces")}"))
            .With("clusters/demo/namespaces.yaml", RuleRepository.Kustomization("namespaces", "./namespaces", "  wait: true"))
            .With("namespaces/messaging.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: messaging\n")
            .With("apps/messaging/kustomization.yaml", "resources: [queue.yaml]\n")
            .With("apps/messaging/queue.yaml", Queue);
        if (operatorSource == "flux-system")
        {
            repository
                .With($"{operatorPath}/kustomization.yaml", "resources: [release.yaml]\n")
                .With($"{operatorPath}/release.yaml", operatorObjects);
        }
        else
        {
            repository.With("clusters/demo/operator-source.yaml", operatorObjects);
        }

        return repository;
    }
}
