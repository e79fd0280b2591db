using FluxRaceLint.Build;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Build;

/// <summary>kustomize replacements: sources, field paths, options, selectors, files and components.</summary>
public sealed class ReplacementTests
{
    private const string Header = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    private const string Values = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\ndata:\n  cluster: demo\n  image: registry.example.com/web:1.2.3\n  owner: platform\n";

    private const string App = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: web
          namespace: flux-system
          labels:
            tier: frontend
        spec:
          interval: 1h
          path: ./apps/web/CLUSTER
          dependsOn:
            - name: infra
            - name: database
          sourceRef:
            kind: GitRepository
            name: flux-system

        """;

    private static TempRepository Repository(string replacements, string extraResources = "") =>
        new TempRepository()
            .With("apps/values.yaml", Values)
            .With("apps/web.yaml", App)
            .With("apps/kustomization.yaml", Header + "resources:\n  - values.yaml\n  - web.yaml\n" + extraResources + "replacements:\n" + replacements);

    private static BuiltObject Web(TempRepository repository) =>
        BuildHarness.Build(repository, "apps").Output.Single("Kustomization", "web");

    [Fact]
    public void Source_field_replaces_target_field()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
            """);

        Web(repository).Text("spec.path").ShouldBe("demo");
    }

    [Fact]
    public void List_selector_and_index_address_items()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.owner
                targets:
                  - select:
                      name: web
                    fieldPaths:
                      - spec.dependsOn.[name=infra].name
                      - spec.dependsOn.1.name
            """);

        var web = Web(repository);

        web.Text("spec.dependsOn.0.name").ShouldBe("platform");
        web.Text("spec.dependsOn.1.name").ShouldBe("platform");
    }

    [Fact]
    public void Delimiter_options_pick_and_place_parts()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.image
                  options:
                    delimiter: ":"
                    index: 1
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
                    options:
                      delimiter: /
                      index: 3
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.sourceRef.name
                    options:
                      delimiter: "-"
                      index: -1
            """);

        var web = Web(repository);

        web.Text("spec.path").ShouldBe("./apps/web/1.2.3");
        web.Text("spec.sourceRef.name").ShouldBe("1.2.3-flux-system");
    }

    [Fact]
    public void Index_past_the_end_appends_a_part()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
                    options:
                      delimiter: /
                      index: 9
            """);

        Web(repository).Text("spec.path").ShouldBe("./apps/web/CLUSTER/demo");
    }

    [Fact]
    public void Create_adds_a_missing_field_only_when_asked()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.targetNamespace
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.postBuild.substitute.CLUSTER
                    options:
                      create: true
            """);

        var web = Web(repository);

        web.Node("spec.targetNamespace").ShouldBeNull();
        web.Text("spec.postBuild.substitute.CLUSTER").ShouldBe("demo");
    }

    [Fact]
    public void Default_source_field_is_the_built_name()
    {
        // kustomize reads metadata.name after namePrefix has renamed the source.
        using var repository = new TempRepository()
            .With("apps/values.yaml", Values)
            .With("apps/web.yaml", App)
            .With("apps/kustomization.yaml", Header + "namePrefix: eu-\nresources:\n  - values.yaml\n  - web.yaml\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: values\n    targets:\n      - select:\n          kind: Kustomization\n        fieldPaths:\n          - spec.dependsOn.0.name\n");

        Web(repository).Text("spec.dependsOn.0.name").ShouldBe("eu-values");
    }

    [Fact]
    public void Label_selector_and_reject_choose_targets()
    {
        var other = App.Replace("name: web", "name: api", StringComparison.Ordinal).Replace("tier: frontend", "tier: backend", StringComparison.Ordinal);
        var third = App.Replace("name: web", "name: admin", StringComparison.Ordinal);
        using var repository = Repository(
            """
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                      labelSelector: tier=frontend
                    reject:
                      - name: admin
                    fieldPaths:
                      - spec.path
            """,
            "  - api.yaml\n  - admin.yaml\n")
            .With("apps/api.yaml", other)
            .With("apps/admin.yaml", third);

        var output = BuildHarness.Build(repository, "apps").Output;

        output.Single("Kustomization", "web").Text("spec.path").ShouldBe("demo");
        output.Single("Kustomization", "api").Text("spec.path").ShouldBe("./apps/web/CLUSTER");
        output.Single("Kustomization", "admin").Text("spec.path").ShouldBe("./apps/web/CLUSTER");
    }

    [Fact]
    public void Missing_source_makes_targets_unknown()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: remote-values
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
                      - spec.dependsOn
            """);

        var (output, log) = BuildHarness.Build(repository, "apps");
        var web = output.Single("Kustomization", "web");

        web.Text("spec.path").ShouldBe(UnknownValue.Replacement);
        web.Text("spec.dependsOn.0.name").ShouldBe(UnknownValue.Replacement);
        web.Node("spec.dependsOn").ShouldBeOfType<YSequence>().Items.Count.ShouldBe(2);
        log.ShouldContain("unknown: the value of a replacement in 'apps/kustomization.yaml', because no object of the build matches the source (kind 'ConfigMap', name 'remote-values'); the fields it sets are unknown");
    }

    [Fact]
    public void Missing_source_field_makes_targets_unknown()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.region
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
            """);

        Web(repository).Text("spec.path").ShouldBe(UnknownValue.Replacement);
    }

    [Fact]
    public void Two_matching_sources_make_targets_unknown()
    {
        using var repository = Repository(
            """
              - source:
                  kind: ConfigMap
                  fieldPath: data.cluster
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.path
            """,
            "  - more-values.yaml\n")
            .With("apps/more-values.yaml", Values.Replace("name: values", "name: more-values", StringComparison.Ordinal));

        Web(repository).Text("spec.path").ShouldBe(UnknownValue.Replacement);
    }

    [Fact]
    public void Mapping_source_replaces_target_whole()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.postBuild.substitute
                    options:
                      create: true
            """);

        var substitute = Web(repository).Node("spec.postBuild.substitute").ShouldBeOfType<YMapping>();

        ((YScalar)substitute.Get("cluster")!).Value.ShouldBe("demo");
        substitute.Get("cluster")!.Origin.ShouldNotBeNull().Path.ShouldBe("apps/values.yaml");
    }

    [Fact]
    public void Replacement_file_holds_a_list()
    {
        using var repository = Repository("  - path: replacements.yaml\n")
            .With("apps/replacements.yaml", """
                - source:
                    kind: ConfigMap
                    name: values
                    fieldPath: data.cluster
                  targets:
                    - select:
                        kind: Kustomization
                      fieldPaths:
                        - spec.path
                - source:
                    kind: ConfigMap
                    name: values
                    fieldPath: data.owner
                  targets:
                    - select:
                        kind: Kustomization
                      fieldPaths:
                        - spec.dependsOn.[name=database].name
                """);

        var web = Web(repository);

        web.Text("spec.path").ShouldBe("demo");
        web.Text("spec.dependsOn.1.name").ShouldBe("platform");
    }

    [Fact]
    public void Missing_replacement_file_fails_the_build()
    {
        using var repository = Repository("  - path: missing.yaml\n");

        var problem = BuildHarness.Build(repository, "apps").Output.Problems.ShouldHaveSingleItem();

        problem.Path.ShouldBe("apps/kustomization.yaml");
        problem.Message.ShouldContain("The replacement file 'missing.yaml' is not a file of this repository");
    }

    [Fact]
    public void Component_replacement_reaches_parent_objects()
    {
        using var repository = new TempRepository()
            .With("apps/values.yaml", Values)
            .With("apps/web.yaml", App)
            .With("apps/kustomization.yaml", Header + "resources:\n  - values.yaml\n  - web.yaml\ncomponents:\n  - ../components/cluster-path\n")
            .With("components/cluster-path/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: values\n      fieldPath: data.cluster\n    targets:\n      - select:\n          kind: Kustomization\n        fieldPaths:\n          - spec.path\n");

        Web(repository).Text("spec.path").ShouldBe("demo");
    }

    [Fact]
    public void Generated_local_config_is_read_then_dropped()
    {
        using var repository = new TempRepository()
            .With("apps/web.yaml", App)
            .With("apps/kustomization.yaml", Header + "resources:\n  - web.yaml\nconfigMapGenerator:\n  - name: values\n    literals:\n      - cluster=demo\n    options:\n      annotations:\n        config.kubernetes.io/local-config: \"true\"\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: values\n      fieldPath: data.cluster\n    targets:\n      - select:\n          kind: Kustomization\n        fieldPaths:\n          - spec.path\n");

        var output = BuildHarness.Build(repository, "apps").Output;

        output.Single("Kustomization", "web").Text("spec.path").ShouldBe("demo");
        output.Objects.ShouldNotContain(o => o.Object.Kind == "ConfigMap");
    }

    [Fact]
    public void Overlay_reads_base_local_config()
    {
        // kustomize drops local-config objects once, after the whole build, so the overlay still reads the base's.
        using var repository = new TempRepository()
            .With("base/web.yaml", App)
            .With("base/values.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: values\n  annotations:\n    config.kubernetes.io/local-config: \"true\"\ndata:\n  cluster: demo\n")
            .With("base/kustomization.yaml", Header + "resources:\n  - values.yaml\n  - web.yaml\n")
            .With("apps/kustomization.yaml", Header + "resources:\n  - ../base\nreplacements:\n  - source:\n      kind: ConfigMap\n      name: values\n      fieldPath: data.cluster\n    targets:\n      - select:\n          kind: Kustomization\n        fieldPaths:\n          - spec.path\n");

        var output = BuildHarness.Build(repository, "apps").Output;

        output.Single("Kustomization", "web").Text("spec.path").ShouldBe("demo");
        output.Objects.ShouldNotContain(o => o.Object.Kind == "ConfigMap");
    }

    [Theory]
    [InlineData("spec.[broken")]
    [InlineData("spec..path")]
    [InlineData("spec.[path]")]
    public void Unsupported_target_path_is_logged(string path)
    {
        using var repository = Repository($"  - source:\n      kind: ConfigMap\n      name: values\n      fieldPath: data.cluster\n    targets:\n      - select:\n          kind: Kustomization\n        fieldPaths:\n          - \"{path}\"\n");

        var log = BuildHarness.Build(repository, "apps").Log;

        log.ShouldContain(m => m.StartsWith($"not evaluated: the target field path '{path}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Replacement_without_targets_is_logged()
    {
        using var repository = Repository("  - source:\n      kind: ConfigMap\n      name: values\n");

        var (output, log) = BuildHarness.Build(repository, "apps");

        output.Single("Kustomization", "web").Text("spec.path").ShouldBe("./apps/web/CLUSTER");
        log.ShouldContain("not evaluated: a replacement in 'apps/kustomization.yaml' is invalid (it has no targets), so kustomize fails the build");
    }

    [Fact]
    public void Wildcard_target_replaces_every_item()
    {
        using var repository = Repository("""
              - source:
                  kind: ConfigMap
                  name: values
                  fieldPath: data.owner
                targets:
                  - select:
                      kind: Kustomization
                    fieldPaths:
                      - spec.dependsOn.*.name
                      - spec.dependsOn.*.namespace
            """);

        var web = Web(repository);

        web.Text("spec.dependsOn.0.name").ShouldBe("platform");
        web.Text("spec.dependsOn.1.name").ShouldBe("platform");
        web.Node("spec.dependsOn.0.namespace").ShouldBeNull();
    }
}
