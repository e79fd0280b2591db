using System.Text;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Tests.Rules;

namespace FluxRaceLint.Tests.Graph;

/// <summary>
/// postBuild.substituteFrom read from the ConfigMaps and Secrets the cluster applies. Each case lets
/// a child Kustomization depend on '${DEP}': a known value names a missing Kustomization, which
/// FRL007 reports, while an unknown value produces no finding.
/// </summary>
public sealed class SubstituteFromTests
{
    private const string ChildPath = "apps/child.yaml";

    /// <summary>Kustomization 'apps' with the given substituteFrom entries, applying a child that depends on <paramref name="dependency"/>.</summary>
    private static TempRepository Repository(string entries, string dependency = "${DEP}") =>
        RuleRepository.New()
            .With("clusters/demo/apps.yaml", RuleRepository.Kustomization("apps", "./apps", "  postBuild:\n    substituteFrom:\n" + entries))
            .With(ChildPath, RuleRepository.Kustomization("child", "./child", $"  dependsOn:\n    - name: \"{dependency}\""))
            .With("child/config.yaml", RuleRepository.ConfigMap("child", "default"));

    private const string SettingsConfigMap = "      - kind: ConfigMap\n        name: settings\n";

    private static string ConfigMap(string ns, string data) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: {ns}\ndata:\n{data}";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static List<Finding> MissingDependencies(LintResult result) =>
        [.. result.Of(RuleCatalog.DependsOnTargetInvalid).Where(f => f.Location.Path == ChildPath)];

    private static void ShouldReportMissing(LintResult result, string name) =>
        MissingDependencies(result).ShouldHaveSingleItem().Message.ShouldContain($"'flux-system/{name}'");

    [Fact]
    public void ConfigMap_in_own_namespace_is_read()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n"));

        var result = repository.Lint();

        ShouldReportMissing(result, "absent");
        result.VerboseMessages.ShouldContain("substituteFrom read: Kustomization 'flux-system/apps' takes 1 variable from ConfigMap 'flux-system/settings', applied by 'flux-system/flux-system'");
    }

    [Fact]
    public void ConfigMap_in_other_namespace_is_not_read()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings.yaml", ConfigMap("default", "  DEP: absent\n"));

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.StartsWith("substituteFrom not found: Kustomization 'flux-system/apps' reads ConfigMap 'flux-system/settings'", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_data_is_decoded()
    {
        using var repository = Repository("      - kind: Secret\n        name: settings\n")
            .With("clusters/demo/settings.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\n  namespace: flux-system\ndata:\n  DEP: {Base64("absent")}\n");

        ShouldReportMissing(repository.Lint(), "absent");
    }

    [Fact]
    public void Secret_string_data_wins_over_data()
    {
        using var repository = Repository("      - kind: Secret\n        name: settings\n")
            .With("clusters/demo/settings.yaml", $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\n  namespace: flux-system\ndata:\n  DEP: {Base64("from-data")}\nstringData:\n  DEP: from-string-data\n");

        ShouldReportMissing(repository.Lint(), "from-string-data");
    }

    [Theory]
    [InlineData("data:\n  DEP: ENC[AES256_GCM,data:3c5Lzw==,iv:YWJj,tag:ZGVm,type:str]\n")]
    [InlineData("stringData:\n  DEP: absent\nsops:\n  version: 3.9.4\n")]
    public void Sops_encrypted_secret_stays_unknown(string body)
    {
        using var repository = Repository("      - kind: Secret\n        name: settings\n", "${DEP:=absent}")
            .With("clusters/demo/settings.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\n  namespace: flux-system\n" + body);

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.Contains("but it is SOPS-encrypted", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_base64_stays_unknown()
    {
        using var repository = Repository("      - kind: Secret\n        name: settings\n")
            .With("clusters/demo/settings.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\n  namespace: flux-system\ndata:\n  DEP: not*base64\n");

        MissingDependencies(repository.Lint()).ShouldBeEmpty();
    }

    [Fact]
    public void Source_applied_by_later_sibling_is_read()
    {
        // 'zz-settings' is walked after 'apps', so 'apps' waits until the ConfigMap is applied.
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/zz-settings.yaml", RuleRepository.Kustomization("settings", "./settings"))
            .With("settings/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n"));

        var result = repository.Lint();

        ShouldReportMissing(result, "absent");
        result.VerboseMessages.ShouldContain(m => m.Contains("from ConfigMap 'flux-system/settings', applied by 'flux-system/settings'", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_source_stays_unknown()
    {
        using var repository = Repository(SettingsConfigMap, "${DEP:=absent}");

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.StartsWith("substituteFrom not found:", StringComparison.Ordinal) && m.Contains("it may be created outside Flux", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_optional_source_lets_defaults_apply()
    {
        using var repository = Repository(SettingsConfigMap + "      - kind: Secret\n        name: secrets\n        optional: true\n", "${DEP:=absent}")
            .With("clusters/demo/settings.yaml", ConfigMap("flux-system", "  REGION: eu\n"));

        var result = repository.Lint();

        ShouldReportMissing(result, "absent");
        result.VerboseMessages.ShouldContain(m => m.StartsWith("substituteFrom empty: Kustomization 'flux-system/apps' reads the optional Secret 'flux-system/secrets'", StringComparison.Ordinal));
    }

    [Fact]
    public void Optional_source_elsewhere_in_repository_stays_unknown()
    {
        // The Secret exists in the repository but no Kustomization of the cluster applies it, as with a bootstrap secret.
        using var repository = Repository(SettingsConfigMap + "      - kind: Secret\n        name: secrets\n        optional: true\n", "${DEP:=absent}")
            .With("clusters/demo/settings.yaml", ConfigMap("flux-system", "  REGION: eu\n"))
            .With("bootstrap/secrets.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: secrets\n  namespace: flux-system\nstringData:\n  DEP: present\n");

        MissingDependencies(repository.Lint()).ShouldBeEmpty();
    }

    [Fact]
    public void Optional_source_with_other_git_source_stays_unknown()
    {
        // 'platform' applies another repository's files, which may contain the optional ConfigMap.
        using var repository = Repository(SettingsConfigMap.Replace("name: settings\n", "name: settings\n        optional: true\n", StringComparison.Ordinal), "${DEP:=absent}")
            .With("clusters/demo/platform.yaml", "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: platform\n  namespace: flux-system\nspec:\n  interval: 10m\n  url: https://github.com/example-org/platform\n---\n"
                + RuleRepository.Kustomization("platform", "./clusters/demo").Replace("name: flux-system\n    namespace", "name: platform\n    namespace", StringComparison.Ordinal));

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.StartsWith("substituteFrom not found: Kustomization 'flux-system/apps' reads the optional ConfigMap 'flux-system/settings'", StringComparison.Ordinal)
            && m.Contains("'flux-system/platform' applies objects of another source", StringComparison.Ordinal));
    }

    [Fact]
    public void Source_applied_by_waiting_sibling_is_read()
    {
        // 'zz-settings' waits too, for a ConfigMap that nothing in the repository creates, so it is
        // built first and its ConfigMap then unblocks 'apps'.
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/zz-settings.yaml", RuleRepository.Kustomization("settings", "./settings", "  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n"))
            .With("settings/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n"));

        var result = repository.Lint();

        ShouldReportMissing(result, "absent");
        result.VerboseMessages.ShouldContain(m => m.Contains("from ConfigMap 'flux-system/settings', applied by 'flux-system/settings'", StringComparison.Ordinal));
    }

    [Fact]
    public void Secret_made_by_external_secret_stays_unknown()
    {
        using var repository = Repository("      - kind: Secret\n        name: secrets\n        optional: true\n", "${DEP:=absent}")
            .With("clusters/demo/secrets.yaml", "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: cluster-secrets\n  namespace: flux-system\nspec:\n  target:\n    name: secrets\n");

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.Contains("which ExternalSecret 'cluster-secrets' makes at run time", StringComparison.Ordinal));
    }

    [Fact]
    public void Generated_ConfigMap_without_hash_is_read()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings/kustomization.yaml", "namespace: flux-system\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - DEP=\"absent\"\ngeneratorOptions:\n  disableNameSuffixHash: true\n");

        ShouldReportMissing(repository.Lint(), "absent");
    }

    [Fact]
    public void Generated_ConfigMap_from_env_file_is_read()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings/kustomization.yaml", "namespace: flux-system\nconfigMapGenerator:\n  - name: settings\n    envs:\n      - settings.env\n    options:\n      disableNameSuffixHash: true\n")
            .With("clusters/demo/settings/settings.env", "\uFEFF# cluster settings\n\n  DEP=absent\r\nREGION=eu\n");

        ShouldReportMissing(repository.Lint(), "absent");
    }

    [Fact]
    public void Generated_ConfigMap_with_hash_stays_unknown()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings/kustomization.yaml", "namespace: flux-system\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - DEP=absent\n");

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.Contains("appends a hash to it", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_variable_name_stays_unknown()
    {
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n  settings.yaml: \"a: b\"\n"));

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.Contains("whose key 'settings.yaml' is not a valid variable name", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigMap_with_number_value_stays_unknown()
    {
        // The API server rejects a number in ConfigMap data, so the ConfigMap never exists.
        using var repository = Repository(SettingsConfigMap)
            .With("clusters/demo/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n  PORT: 8080\n"));

        var result = repository.Lint();

        MissingDependencies(result).ShouldBeEmpty();
        result.VerboseMessages.ShouldContain(m => m.Contains("the value of 'data.PORT' is a number or boolean", StringComparison.Ordinal));
    }

    [Fact]
    public void Variables_resolve_in_kustomization_namespace()
    {
        // The namespace: transformer moves 'apps' to team-a, where kustomize-controller then looks for the ConfigMap.
        using var repository = RuleRepository.New()
            .With("clusters/demo/team-a/kustomization.yaml", "namespace: team-a\nresources: [apps.yaml, settings.yaml]\n")
            .With("clusters/demo/team-a/apps.yaml", RuleRepository.Kustomization("apps", "./apps", "  postBuild:\n    substituteFrom:\n" + SettingsConfigMap))
            .With("clusters/demo/team-a/settings.yaml", ConfigMap("flux-system", "  DEP: absent\n"))
            .With("apps/child.yaml", RuleRepository.Kustomization("child", "./child", "  dependsOn:\n    - name: ${DEP}\n      namespace: flux-system"))
            .With("child/config.yaml", RuleRepository.ConfigMap("child", "default"));

        var result = repository.Lint();

        result.Of(RuleCatalog.DependsOnTargetInvalid).ShouldHaveSingleItem().Message.ShouldContain("'flux-system/absent'");
    }
}
