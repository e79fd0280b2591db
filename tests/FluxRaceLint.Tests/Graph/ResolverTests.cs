using FluxRaceLint.Diagnostics;
using FluxRaceLint.Tests.Rules;

namespace FluxRaceLint.Tests.Graph;

/// <summary>How the cluster graph is built from the files: bootstrap, builds, namespaces, patches, substitution.</summary>
public sealed class ResolverTests
{

    private static string Kustomization(string name, string path, string extra = "", string ns = "flux-system") => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          interval: 1m
          path: {path}
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
            namespace: flux-system
        {extra}
        """;

    // A parent patch that sets 'wait: true' on every child Kustomization not labelled defaults=off.
    private const string WaitPatch = """
          patches:
            - patch: |
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: all
                spec:
                  wait: true
                  timeout: 5m
              target:
                kind: Kustomization
                labelSelector: defaults!=off
        """;

    private static TempRepository NewRepository() => RuleRepository.New();

    private static List<string> Rules(LintResult result) => [.. result.Findings.Select(f => f.Rule.Id)];

    [Fact]
    public void Missing_dependency_is_found_through_generated_kustomization()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", "  dependsOn:\n    - name: infra"))
            .With("apps/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: default\n");

        var result = repository.Lint();

        Rules(result).ShouldBe(["FRL007"]);
        result.Findings[0].Location.Path.ShouldBe("clusters/demo/apps.yaml");
    }

    [Fact]
    public void Namespace_transformer_sets_dependency_namespace()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/kustomization.yaml", "namespace: team\nresources: [a.yaml, b.yaml]\n")
            .With("apps/a.yaml", Kustomization("a", "./apps/a-content", ns: "ignored"))
            .With("apps/b.yaml", Kustomization("b", "./apps/b-content", "  dependsOn:\n    - name: a", ns: "ignored"))
            .With("apps/a-content/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
            .With("apps/b-content/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Dependency_in_other_namespace_suggests_namespace()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", "  dependsOn:\n    - name: infra"))
            .With("clusters/demo/infra.yaml", Kustomization("infra", "./infra", ns: "platform"))
            .With("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n")
            .With("infra/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: default\n");

        var finding = repository.Lint().Findings.Single();

        finding.Rule.ShouldBe(RuleCatalog.DependsOnTargetInvalid);
        finding.Help.ShouldBe("Add 'namespace: platform' to this dependsOn entry.");
    }

    [Fact]
    public void Parent_patch_sets_wait_on_children()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", WaitPatch))
            .With("apps/operator.yaml", Kustomization("operator", "./operator"))
            .With("apps/stores.yaml", Kustomization("stores", "./stores", "  dependsOn:\n    - name: operator\n  retryInterval: 1m"))
            .With("operator/release.yaml", EsoRelease("true"))
            .With("stores/store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: s\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Child_opting_out_of_patch_keeps_the_race()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", WaitPatch))
            .With("apps/operator.yaml", Kustomization("operator", "./operator").Replace("  namespace: flux-system\n", "  namespace: flux-system\n  labels:\n    defaults: \"off\"\n", StringComparison.Ordinal))
            .With("apps/stores.yaml", Kustomization("stores", "./stores", "  dependsOn:\n    - name: operator\n  retryInterval: 1m"))
            .With("operator/release.yaml", EsoRelease("true"))
            .With("stores/store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: s\n");

        var result = repository.Lint();

        Rules(result).ShouldBe(["FRL004"]);
        result.Findings[0].Location.Path.ShouldBe("apps/operator.yaml");
    }

    [Fact]
    public void Subfolder_path_finds_the_race_of_the_folder()
    {
        using var repository = new TempRepository()
            .With("infrastructure/kustomization.yaml", "resources: [release.yaml, crs.yaml]\n")
            .With("infrastructure/release.yaml", EsoRelease("false"))
            .With("infrastructure/crs.yaml", Kustomization("crs", "./infrastructure/crs", "  retryInterval: 1m"))
            .With("infrastructure/crs/store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: s\n");

        var result = repository.Lint("infrastructure");

        Rules(result).ShouldBe(["FRL001"]);
    }

    [Fact]
    public void Two_clusters_are_checked_separately()
    {
        using var repository = new TempRepository()
            .With("clusters/a/flux-system/gotk-sync.yaml", RuleRepository.Bootstrap.Replace("./clusters/demo", "./clusters/a", StringComparison.Ordinal))
            .With("clusters/b/flux-system/gotk-sync.yaml", RuleRepository.Bootstrap.Replace("./clusters/demo", "./clusters/b", StringComparison.Ordinal))
            .With("clusters/a/infra.yaml", Kustomization("infra", "./infra"))
            .With("clusters/b/apps.yaml", Kustomization("apps", "./infra", "  dependsOn:\n    - name: infra"))
            .With("infra/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n");

        var result = repository.Lint();

        result.ClusterCount.ShouldBe(2);
        Rules(result).ShouldBe(["FRL007"]);
        result.Findings[0].Location.Path.ShouldBe("clusters/b/apps.yaml");
    }

    [Fact]
    public void Substitution_resolves_dependency_names()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", "  postBuild:\n    substitute:\n      TARGET: infra"))
            .With("clusters/demo/infra.yaml", Kustomization("infra", "./infra"))
            .With("apps/child.yaml", Kustomization("child", "./child", "  dependsOn:\n    - name: ${TARGET}"))
            .With("child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: default\n")
            .With("infra/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_variable_makes_dependency_unknown_not_missing()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", "  dependsOn:\n    - name: ${CLUSTER_DEPENDENCY}"))
            .With("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_path_may_provide_definitions()
    {
        // ENV is set nowhere the linter can read, so 'infra' may apply the ClusterSecretStore's CRD.
        using var repository = NewRepository()
            .With("clusters/demo/infra.yaml", Kustomization("infra", "./infra/${ENV}", "  wait: true"))
            .With("clusters/demo/stores.yaml", Kustomization("stores", "./stores", "  dependsOn:\n    - name: infra\n  retryInterval: 1m"))
            .With("stores/store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: s\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Component_adds_its_crd_to_the_build()
    {
        using var repository = NewRepository()
            .With("clusters/demo/widgets.yaml", Kustomization("widgets", "./apps", "  components:\n    - ../components/widget-crd"))
            .With("apps/widget.yaml", "apiVersion: widgets.example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\n")
            .With("components/widget-crd/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [crd.yaml]\n")
            .With("components/widget-crd/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.widgets.example.com\nspec:\n  group: widgets.example.com\n  names:\n    kind: Widget\n  scope: Namespaced\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Ignored_folder_is_not_read()
    {
        using var repository = NewRepository()
            .With(".sourceignore", "drafts/\n")
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n")
            .With("apps/drafts/broken.yaml", "a: [unclosed\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Child_depending_on_waiting_parent_is_a_deadlock()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps", "  wait: true"))
            .With("apps/child.yaml", Kustomization("child", "./child", "  dependsOn:\n    - name: apps"))
            .With("child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n");

        var finding = repository.Lint().Findings.Single();

        finding.Rule.ShouldBe(RuleCatalog.DependsOnCycle);
        finding.Location.Path.ShouldBe("apps/child.yaml");
        finding.Message.ShouldContain("which applies it and waits for its health");
    }

    [Fact]
    public void Child_of_unwaited_parent_is_fine()
    {
        using var repository = NewRepository()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/child.yaml", Kustomization("child", "./child", "  dependsOn:\n    - name: apps"))
            .With("child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
    }

    private static string EsoRelease(string installCrds) => $"""
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: external-secrets
          namespace: external-secrets
        spec:
          interval: 10m
          chart:
            spec:
              chart: external-secrets
              version: 1.3.1
              sourceRef:
                kind: HelmRepository
                name: external-secrets
          values:
            installCRDs: {installCrds}
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: external-secrets
          namespace: external-secrets
        spec:
          interval: 1h
          url: https://charts.external-secrets.io
        """;
}
