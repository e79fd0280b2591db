using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Graph;

/// <summary>
/// How HelmRelease spec.valuesFrom entries are found among the applied objects, read and merged,
/// seen through FRL009 (a podinfo ServiceMonitor with nothing ordering it after kube-prometheus-stack)
/// and FRL005, and through the verbose output.
/// </summary>
public sealed class ValuesFromTests
{
    private const string PrometheusUrl = "https://prometheus-community.github.io/helm-charts";

    private const string ServiceMonitorOn = "serviceMonitor:\n  enabled: true\n";

    private const string NoHash = "generatorOptions:\n  disableNameSuffixHash: true\n";

    private const string NameReference = "nameReference:\n  - kind: ConfigMap\n    version: v1\n    fieldSpecs:\n      - path: spec/valuesFrom/name\n        kind: HelmRelease\n";

    /// <summary>A podinfo release in Kustomization 'apps', which does not depend on 'monitoring'; <paramref name="valuesFrom"/> contains its valuesFrom entries.</summary>
    private static TempRepository Race(string valuesFrom, string values = "") =>
        New()
            .With("clusters/demo/monitoring.yaml", Kustomization("monitoring", "./monitoring", "  wait: true"))
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("monitoring/namespace.yaml", Namespace("monitoring"))
            .With("monitoring/release.yaml", Release("kube-prometheus-stack", "monitoring", "kube-prometheus-stack", "77.0.0", PrometheusUrl, "  upgrade:\n    crds: CreateReplace"))
            .With("apps/namespace.yaml", Namespace("podinfo"))
            .With("apps/release.yaml", Release(
                "podinfo",
                "podinfo",
                "podinfo",
                "6.7.1",
                "https://stefanprodan.github.io/podinfo",
                "  install:\n    remediation:\n      retries: 3\n  valuesFrom:\n" + valuesFrom + values));

    private static string Entry(string kind, string name, string extra = "") => $"    - kind: {kind}\n      name: {name}\n{extra}";

    private static string Generator(string generator, string extra = NoHash) =>
        "resources:\n  - namespace.yaml\n  - release.yaml\n" + generator + extra;

    private static string ConfigMapWith(string name, string data) =>
        ConfigMap(name, "podinfo") + "data:\n" + data;

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(line => line.Length > 0).Select(line => new string(' ', spaces) + line + "\n"));

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>prometheus-operator-crds beside kube-prometheus-stack, whose valuesFrom Secret nothing applies.</summary>
    private static TempRepository CrdsBesideUnreadStack() =>
        New()
            .With("clusters/demo/crds.yaml", Kustomization("monitoring-crds", "./crds", "  wait: true"))
            .With("clusters/demo/monitoring.yaml", Kustomization("monitoring", "./monitoring", "  wait: true\n  dependsOn:\n    - name: monitoring-crds"))
            .With("crds/namespace.yaml", Namespace("monitoring"))
            .With("crds/release.yaml", Release("prometheus-operator-crds", "monitoring", "prometheus-operator-crds", "22.0.2", PrometheusUrl))
            .With("monitoring/release.yaml", Release(
                "kube-prometheus-stack",
                "monitoring",
                "kube-prometheus-stack",
                "77.0.0",
                PrometheusUrl,
                "  upgrade:\n    crds: CreateReplace\n  valuesFrom:\n    - kind: Secret\n      name: kube-prometheus-stack-values\n"));

    private static List<Finding> ServiceMonitorFindings(TempRepository repository) => repository.Lint().Of(RuleCatalog.HelmValuesCustomResourceUnordered);

    [Fact]
    public void Generated_values_file_fires_at_its_key()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("configMapGenerator:\n  - name: podinfo-values\n    namespace: podinfo\n    files:\n      - values.yaml\n"))
            .With("apps/values.yaml", "replicaCount: 2\n" + ServiceMonitorOn);

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Location.Path.ShouldBe("apps/values.yaml");
        finding.Location.Line.ShouldBe(3);
        finding.Level.ShouldBe(Severity.Warning);
        finding.Message.ShouldContain("sets 'serviceMonitor.enabled: true' in valuesFrom ConfigMap 'podinfo-values',");
    }

    [Fact]
    public void Generator_key_comes_before_the_equals_sign()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("configMapGenerator:\n  - name: podinfo-values\n    namespace: podinfo\n    files:\n      - values.yaml=config/podinfo.yaml\n"))
            .With("apps/config/podinfo.yaml", ServiceMonitorOn);

        ServiceMonitorFindings(repository).Single().Location.Path.ShouldBe("apps/config/podinfo.yaml");
    }

    [Fact]
    public void Hashed_name_resolves_through_name_reference()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("namespace: podinfo\nconfigMapGenerator:\n  - name: podinfo-values\n    files:\n      - values.yaml\n", "configurations:\n  - kustomizeconfig.yaml\n"))
            .With("apps/kustomizeconfig.yaml", NameReference)
            .With("apps/values.yaml", ServiceMonitorOn);

        ServiceMonitorFindings(repository).Single().Location.Path.ShouldBe("apps/values.yaml");
    }

    [Fact]
    public void Hashed_name_without_name_reference_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("namespace: podinfo\nconfigMapGenerator:\n  - name: podinfo-values\n    files:\n      - values.yaml\n", ""))
            .With("apps/values.yaml", ServiceMonitorOn);

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("ConfigMap 'podinfo-values': not read because it is generated by kustomize with a hash suffix", StringComparison.Ordinal));
    }

    [Fact]
    public void Config_map_block_scalar_keeps_positions()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Location.Path.ShouldBe("apps/values.yaml");
        finding.Location.Line.ShouldBe(9);
        finding.Location.Column.ShouldBe(7);
    }

    [Fact]
    public void Values_key_selects_the_data_key()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values", "      valuesKey: podinfo.yaml\n"))
            .With("apps/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n    serviceMonitor:\n      enabled: false\n  podinfo.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        ServiceMonitorFindings(repository).Single().Location.Line.ShouldBe(12);
    }

    [Fact]
    public void Missing_values_key_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values", "      valuesKey: other.yaml\n"))
            .With("apps/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("not read because it has no key 'other.yaml' under data", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_string_data_is_read()
    {
        using var repository = Race(Entry("Secret", "podinfo-values"))
            .With("apps/values.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-values\n  namespace: podinfo\nstringData:\n  values.yaml: |\n{Indent(ServiceMonitorOn, 4)}");

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Location.Line.ShouldBe(9);
        finding.Message.ShouldContain("in valuesFrom Secret 'podinfo-values'");
    }

    [Fact]
    public void Secret_base64_data_is_read()
    {
        using var repository = Race(Entry("Secret", "podinfo-values"))
            .With("apps/values.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-values\n  namespace: podinfo\ndata:\n  values.yaml: {Base64(ServiceMonitorOn)}\n");

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Location.Path.ShouldBe("apps/values.yaml");
        finding.Location.Line.ShouldBe(7);
    }

    [Fact]
    public void Secret_generator_literal_sets_a_target_path()
    {
        using var repository = Race(Entry("Secret", "podinfo-flags", "      valuesKey: monitor\n      targetPath: serviceMonitor.enabled\n"))
            .With("apps/kustomization.yaml", Generator("secretGenerator:\n  - name: podinfo-flags\n    namespace: podinfo\n    literals:\n      - monitor=true\n"));

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Location.Path.ShouldBe("apps/release.yaml");
        finding.Location.Line.ShouldBe(31);
    }

    [Fact]
    public void Sops_secret_is_unread()
    {
        var encrypted = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: podinfo-values\n  namespace: podinfo\nstringData:\n  values.yaml: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\nsops:\n  version: 3.9.0\n";
        using var repository = Race(Entry("Secret", "podinfo-values"))
            .With("apps/values.yaml", encrypted);

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.EndsWith("Secret 'podinfo-values': not read because it is encrypted with SOPS, so the chart defaults are assumed for every value it may set", StringComparison.Ordinal));
    }

    [Fact]
    public void Encrypted_values_text_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("configMapGenerator:\n  - name: podinfo-values\n    namespace: podinfo\n    files:\n      - values.yaml\n"))
            .With("apps/values.yaml", "serviceMonitor:\n  enabled: ENC[AES256_GCM,data:dHJ1ZQ==,type:bool]\nsops:\n  mac: x\n");

        repository.Lint().VerboseMessages.ShouldContain(line => line.Contains("not read because it is encrypted with SOPS", StringComparison.Ordinal));
    }

    [Fact]
    public void Unread_later_entry_lowers_to_note()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values") + Entry("Secret", "podinfo-secret-values"))
            .With("apps/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        var finding = ServiceMonitorFindings(repository).Single();

        finding.Level.ShouldBe(Severity.Note);
        finding.Message.ShouldContain("The linter did not read Secret 'podinfo-secret-values' of spec.valuesFrom, because it is not applied in namespace 'podinfo' by any Kustomization of cluster 'clusters/demo', so it assumed the chart defaults for the values that entry may set.");
    }

    [Fact]
    public void Optional_missing_entry_is_skipped()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values") + Entry("Secret", "podinfo-secret-values", "      optional: true\n"))
            .With("apps/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).Single().Level.ShouldBe(Severity.Warning);
        result.VerboseMessages.ShouldContain(line => line.Contains("Secret 'podinfo-secret-values': skipped because it is not applied in namespace 'podinfo'", StringComparison.Ordinal));
    }

    [Fact]
    public void Spec_values_beat_unread_entry()
    {
        using var repository = Race(Entry("Secret", "podinfo-secret-values"), "  values:\n" + Indent(ServiceMonitorOn, 4));

        ServiceMonitorFindings(repository).Single().Level.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Secret_from_an_external_secret_names_it()
    {
        var externalSecret = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  target:\n    name: podinfo-secret-values\n";
        using var repository = Race(Entry("Secret", "podinfo-secret-values"))
            .With("apps/external-secret.yaml", externalSecret);

        repository.Lint().VerboseMessages.ShouldContain(line => line.Contains("because it is created at run time by ExternalSecret 'podinfo/podinfo'", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_kind_is_rejected()
    {
        using var repository = Race(Entry("Deployment", "podinfo"));

        var finding = repository.Lint().Of(RuleCatalog.InvalidManifest).Single();

        finding.Location.Path.ShouldBe("apps/release.yaml");
        finding.Message.ShouldContain("'Deployment' is neither ConfigMap nor Secret");
    }

    [Fact]
    public void Unread_values_lower_crd_default_finding()
    {
        using var repository = CrdsBesideUnreadStack();

        var finding = repository.Lint().Of(RuleCatalog.HelmValuesInstallCrds).Single(f => f.Location.Path == "monitoring/release.yaml");

        finding.Level.ShouldBe(Severity.Note);
        finding.Message.ShouldContain("by the chart's default");
        finding.Message.ShouldContain("assumed the chart defaults");
    }

    [Theory]
    [InlineData("external-secrets.io/v1", "ExternalSecret", "podinfo-values", "  target:\n    name: podinfo-values\n")]
    [InlineData("secrets.hashicorp.com/v1beta1", "VaultStaticSecret", "podinfo-vault", "  destination:\n    name: podinfo-values\n")]
    public void Optional_runtime_secret_is_unread(string apiVersion, string kind, string name, string spec)
    {
        using var repository = Race(Entry("Secret", "podinfo-values", "      optional: true\n"))
            .With("apps/secret.yaml", $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: podinfo\nspec:\n{spec}");

        var result = repository.Lint();

        result.VerboseMessages.ShouldContain(line => line.Contains($"not read because it is created at run time by {kind} 'podinfo/{name}'", StringComparison.Ordinal));
        result.VerboseMessages.ShouldNotContain(line => line.Contains("podinfo-values': skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Optional_entry_with_opaque_applier_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values", "      optional: true\n"))
            .With("clusters/demo/platform.yaml", Kustomization("platform", "./${PLATFORM_PATH}"));

        var result = repository.Lint();

        result.VerboseMessages.ShouldContain(line => line.Contains("not read because it is not applied in namespace 'podinfo'", StringComparison.Ordinal) && line.Contains("may create it", StringComparison.Ordinal));
    }

    [Fact]
    public void Optional_key_in_unreadable_env_file_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values", "      optional: true\n"))
            .With("apps/kustomization.yaml", Generator("configMapGenerator:\n  - name: podinfo-values\n    namespace: podinfo\n    envs:\n      - missing.env\n"));

        var result = repository.Lint();

        result.VerboseMessages.ShouldContain(line => line.Contains("not read because it has no key 'values.yaml' that the linter can see", StringComparison.Ordinal));
    }

    [Fact]
    public void Key_of_duplicate_key_generator_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/kustomization.yaml", Generator("configMapGenerator:\n  - name: podinfo-values\n    namespace: podinfo\n    files:\n      - values.yaml\n      - values.yaml=other.yaml\n"))
            .With("apps/values.yaml", ServiceMonitorOn)
            .With("apps/other.yaml", ServiceMonitorOn);

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("not read because it has a key 'values.yaml' that belongs to a generator that sets a key twice", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kustomize.toolkit.fluxcd.io/reconcile: disabled")]
    [InlineData("kustomize.toolkit.fluxcd.io/ssa: Ignore")]
    [InlineData("kustomize.toolkit.fluxcd.io/ssa: IfNotPresent")]
    public void Object_flux_does_not_update_is_unread(string annotation)
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("apps/values.yaml", ConfigMap("podinfo-values", "podinfo") + $"  annotations:\n    {annotation}\ndata:\n  values.yaml: |\n" + Indent(ServiceMonitorOn, 4));

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("not read because it is marked 'kustomize.toolkit.fluxcd.io/", StringComparison.Ordinal));
    }

    [Fact]
    public void Object_of_remote_cluster_is_unread()
    {
        using var repository = Race(Entry("ConfigMap", "podinfo-values"))
            .With("clusters/demo/remote.yaml", Kustomization("remote", "./remote", "  kubeConfig:\n    secretRef:\n      name: remote-kubeconfig"))
            .With("remote/values.yaml", ConfigMapWith("podinfo-values", "  values.yaml: |\n" + Indent(ServiceMonitorOn, 4)));

        var result = repository.Lint();

        result.Of(RuleCatalog.HelmValuesCustomResourceUnordered).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(line => line.Contains("to the cluster that its spec.kubeConfig names", StringComparison.Ordinal));
    }

    [Fact]
    public void Unread_values_of_other_provider_lower_finding()
    {
        using var repository = CrdsBesideUnreadStack();

        var finding = repository.Lint().Of(RuleCatalog.HelmValuesInstallCrds).Single(f => f.Location.Path == "crds/release.yaml");

        finding.Level.ShouldBe(Severity.Note);
        finding.Message.ShouldContain("of the spec.valuesFrom of HelmRelease 'monitoring/kube-prometheus-stack'");
    }
}
