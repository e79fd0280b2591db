using FluxRaceLint.Tests.Rules;

namespace FluxRaceLint.Tests.Graph;

/// <summary>Clusters whose root Kustomization the Flux Operator creates from a FluxInstance.</summary>
public sealed class ClusterRootTests
{
    private const string Queue = """
        apiVersion: queues.acme.example.com/v1alpha1
        kind: Queue
        metadata:
          name: orders
          namespace: messaging
        """;

    private const string FluxInstance = """
        apiVersion: fluxcd.controlplane.io/v1
        kind: FluxInstance
        metadata:
          name: flux
          namespace: flux-system
        spec:
          distribution:
            version: "2.7.x"
          sync:
            kind: GitRepository
            url: https://github.com/acme/fleet
            ref: refs/heads/main
            path: ./kubernetes/main
        """;

    private const string FluxInstanceRelease = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: flux-instance
          namespace: flux-system
        spec:
          interval: 1h
          chart:
            spec:
              chart: flux-instance
              sourceRef:
                kind: HelmRepository
                name: controlplane
          values:
            instance:
              sync:
                kind: GitRepository
                url: https://github.com/acme/fleet
                path: kubernetes/main
        """;

    [Theory]
    [InlineData(FluxInstance, "FluxInstance 'flux-system/flux' (bootstrap/flux-instance.yaml) syncs it")]
    [InlineData(FluxInstanceRelease, "the flux-instance HelmRelease 'flux-system/flux-instance' (bootstrap/flux-instance.yaml) syncs it")]
    public void Flux_instance_sync_path_is_a_cluster_root(string instance, string reason)
    {
        using var repository = Repository(instance);

        var result = repository.Lint();

        result.ClusterCount.ShouldBe(1);
        result.VerboseMessages.ShouldContain(line => line.StartsWith($"cluster 'kubernetes/main': {reason}", StringComparison.Ordinal));
        result.Findings.ShouldHaveSingleItem().Message.ShouldContain("in cluster 'kubernetes/main'");
    }

    [Fact]
    public void Chart_ref_flux_instance_is_a_root()
    {
        var release = FluxInstanceRelease.Replace(
            "  chart:\n    spec:\n      chart: flux-instance\n      sourceRef:\n        kind: HelmRepository\n        name: controlplane\n",
            "  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n",
            StringComparison.Ordinal);
        const string chart = "\n---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: flux-instance\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance\n";
        release.ShouldContain("chartRef");
        using var repository = Repository(release + chart);

        var result = repository.Lint();

        result.VerboseMessages.ShouldContain(line => line.StartsWith("cluster 'kubernetes/main': the flux-instance HelmRelease", StringComparison.Ordinal));
    }

    [Fact]
    public void Own_flux_instance_needs_no_crd()
    {
        using var repository = Repository(FluxInstance)
            .With("kubernetes/main/flux-instance.yaml", FluxInstance);

        var result = repository.Lint();

        result.Findings.ShouldHaveSingleItem().Message.ShouldContain("'Queue/messaging/orders'");
    }

    [Fact]
    public void Clusters_folders_without_bootstrap_files_are_separate_roots()
    {
        using var repository = new TempRepository()
            .With("clusters/prod/infra.yaml", RuleRepository.Kustomization("infra", "./infra"))
            .With("clusters/prod/apps.yaml", RuleRepository.Kustomization("apps", "./apps/prod", "  dependsOn:\n    - name: infra"))
            .With("clusters/staging/infra.yaml", RuleRepository.Kustomization("infra", "./infra"))
            .With("clusters/staging/apps.yaml", RuleRepository.Kustomization("apps", "./apps/staging", "  dependsOn:\n    - name: infra"))
            .With("infra/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: messaging\n")
            .With("apps/prod/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: messaging\n")
            .With("apps/staging/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: messaging\n");

        var result = repository.Lint();

        result.ClusterCount.ShouldBe(2);
        result.Findings.ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.StartsWith("cluster 'clusters/prod': it is a folder under 'clusters'", StringComparison.Ordinal));
    }

    [Fact]
    public void Flux_instance_of_another_folder_is_ignored()
    {
        using var repository = Repository(FluxInstance.Replace("./kubernetes/main", "./kubernetes/absent", StringComparison.Ordinal));

        var result = repository.Lint();

        result.VerboseMessages.ShouldNotContain(line => line.Contains("syncs it", StringComparison.Ordinal));
    }

    [Fact]
    public void Oci_flux_instance_needs_sources_entry()
    {
        var oci = FluxInstance
            .Replace("kind: GitRepository", "kind: OCIRepository", StringComparison.Ordinal)
            .Replace("https://github.com/acme/fleet", "oci://ghcr.io/acme/fleet", StringComparison.Ordinal)
            .Replace("./kubernetes/main", "./main", StringComparison.Ordinal);
        using var repository = Repository(oci);

        var unmapped = repository.Lint();
        repository.With(".fluxracelint.yaml", "sources:\n  - url: oci://ghcr.io/acme/fleet\n    path: kubernetes\n");
        var mapped = repository.Lint();

        unmapped.VerboseMessages.ShouldContain(line => line.StartsWith("not a cluster root: FluxInstance 'flux-system/flux'", StringComparison.Ordinal));
        mapped.VerboseMessages.ShouldContain(line => line.StartsWith("cluster 'kubernetes/main': FluxInstance 'flux-system/flux'", StringComparison.Ordinal));
    }

    private static TempRepository Repository(string instance) =>
        new TempRepository()
            .With("bootstrap/flux-instance.yaml", instance)
            .With("kubernetes/main/messaging.yaml", RuleRepository.Kustomization("messaging", "./apps/messaging"))
            .With("apps/messaging/kustomization.yaml", "resources: [queue.yaml]\n")
            .With("apps/messaging/queue.yaml", Queue);
}
