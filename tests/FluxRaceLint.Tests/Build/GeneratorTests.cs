using FluxRaceLint.Build;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Build;

/// <summary>ConfigMaps and Secrets made by configMapGenerator and secretGenerator.</summary>
public sealed class GeneratorTests
{
    private const string Header = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    private static (BuildOutput Output, IReadOnlyList<string> Log) Build(string kustomization, params (string Path, string Content)[] files)
    {
        using var repository = new TempRepository().With("app/kustomization.yaml", Header + kustomization);
        foreach (var (path, content) in files)
            repository.With(path, content);
        return BuildHarness.Build(repository, "app");
    }

    [Fact]
    public void Literals_become_data_with_quotes_trimmed()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    literals:\n      - ENV=\"production\"\n      - URL=https://example.com/?a=b\n");

        var settings = output.Single("ConfigMap", "settings");

        settings.Text("data.ENV").ShouldBe("production");
        settings.Text("data.URL").ShouldBe("https://example.com/?a=b");
    }

    [Fact]
    public void Generated_name_has_an_unknown_hash()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    literals:\n      - ENV=production\n");

        output.Single("ConfigMap", "settings").Name.ShouldBe($"settings-{UnknownValue.NameHash}");
    }

    [Theory]
    [InlineData("generatorOptions:\n  disableNameSuffixHash: true\n", "")]
    [InlineData("", "    options:\n      disableNameSuffixHash: true\n")]
    public void Disabled_hash_keeps_the_name(string global, string local)
    {
        var (output, _) = Build(global + "configMapGenerator:\n  - name: settings\n" + local + "    literals:\n      - ENV=production\n");

        output.Single("ConfigMap", "settings").Name.ShouldBe("settings");
    }

    [Fact]
    public void Namespace_transformer_moves_generated_objects()
    {
        var (output, _) = Build("namespace: apps\nconfigMapGenerator:\n  - name: settings\n    namespace: ignored\n    literals:\n      - ENV=production\n");

        output.Single("ConfigMap", "settings").Namespace.ShouldBe("apps");
    }

    [Fact]
    public void Files_become_data_under_their_keys()
    {
        var (output, log) = Build(
            "configMapGenerator:\n  - name: scripts\n    files:\n      - run.sh\n      - config=conf/app.conf\n      - missing.txt\n",
            ("app/run.sh", "#!/bin/sh\necho hi\n"),
            ("app/conf/app.conf", "a=b\n"));

        var data = ConfigData.Read(output.Single("ConfigMap", "scripts").Object);

        data.Values.Keys.Order(StringComparer.Ordinal).ShouldBe(["config", "missing.txt", "run.sh"]);
        data.Values["run.sh"].ShouldBe("#!/bin/sh\necho hi\n");
        data.Values["config"].ShouldBe("a=b\n");
        data.Values["missing.txt"].ShouldBe(UnknownValue.Data);
        log.ShouldContain(line => line.StartsWith("not read: the value of key 'missing.txt' of ConfigMap 'scripts' in 'app/kustomization.yaml', which comes from 'app/missing.txt'", StringComparison.Ordinal));
    }

    [Fact]
    public void Env_file_lines_become_data()
    {
        var (output, _) = Build(
            "configMapGenerator:\n  - name: settings\n    envs:\n      - settings.env\n",
            ("app/settings.env", "# comment\n\n   ENV=production\r\nEMPTY=\nFROM_ENVIRONMENT\n"));

        var data = ConfigData.Read(output.Single("ConfigMap", "settings").Object);

        data.IsComplete.ShouldBeTrue();
        data.Values["ENV"].ShouldBe("production");
        data.Values["EMPTY"].ShouldBe("");
        data.Values["FROM_ENVIRONMENT"].ShouldBe(UnknownValue.Data);
    }

    [Fact]
    public void Unreadable_env_file_leaves_keys_unknown()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    envs:\n      - missing.env\n    literals:\n      - ENV=production\n");

        var data = ConfigData.Read(output.Single("ConfigMap", "settings").Object);

        data.IsComplete.ShouldBeFalse();
        data.Values["ENV"].ShouldBe("production");
    }

    [Fact]
    public void Secret_data_is_kept_as_string_data()
    {
        var (output, _) = Build("secretGenerator:\n  - name: credentials\n    literals:\n      - TOKEN=s3cret\n");

        var secret = output.Single("Secret", "credentials");

        secret.Text("stringData.TOKEN").ShouldBe("s3cret");
        secret.Text("type").ShouldBe("Opaque");
        ConfigData.Read(secret.Object).Values["TOKEN"].ShouldBe("s3cret");
    }

    [Fact]
    public void Merge_behavior_combines_with_base()
    {
        var (output, _) = Build(
            "resources:\n  - ../base\nconfigMapGenerator:\n  - name: settings\n    behavior: merge\n    literals:\n      - ENV=production\n",
            ("base/kustomization.yaml", Header + "configMapGenerator:\n  - name: settings\n    literals:\n      - ENV=staging\n      - REGION=eu\ngeneratorOptions:\n  disableNameSuffixHash: true\n"));

        var settings = output.Single("ConfigMap", "settings");
        var data = ConfigData.Read(settings.Object);

        data.Values["ENV"].ShouldBe("production");
        data.Values["REGION"].ShouldBe("eu");
        settings.Name.ShouldBe($"settings-{UnknownValue.NameHash}");
    }

    [Fact]
    public void Merge_without_base_leaves_keys_unknown()
    {
        var (output, log) = Build("configMapGenerator:\n  - name: settings\n    behavior: merge\n    literals:\n      - ENV=production\n");

        ConfigData.Read(output.Single("ConfigMap", "settings").Object).IsComplete.ShouldBeFalse();
        log.ShouldContain(m => m.StartsWith("not merged: ConfigMap 'settings'", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_key_leaves_keys_unknown()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    literals:\n      - ENV=production\n      - ENV=staging\n");

        ConfigData.Read(output.Single("ConfigMap", "settings").Object).IsComplete.ShouldBeFalse();
    }

    [Fact]
    public void Generator_options_reach_metadata()
    {
        var (output, _) = Build("generatorOptions:\n  labels:\n    team: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\nconfigMapGenerator:\n  - name: settings\n    options:\n      labels:\n        team: b\n    literals:\n      - ENV=production\n");

        var settings = output.Single("ConfigMap", "settings").Object;

        settings.Label("team").ShouldBe("b");
        settings.Annotation("kustomize.toolkit.fluxcd.io/substitute").ShouldBe("disabled");
    }

    [Fact]
    public void Options_labels_win_over_generator_options()
    {
        var (output, _) = Build("generatorOptions:\n  labels:\n    team: a\nconfigMapGenerator:\n  - name: settings\n    options:\n      labels:\n        team: b\n    literals:\n      - ENV=production\n");

        var labels = (YMapping)output.Single("ConfigMap", "settings").Node("metadata.labels")!;

        labels.Entries.Where(entry => entry.Key.Value == "team").Select(entry => ((YScalar)entry.Value).Value).ShouldBe(["b"]);
    }

    [Fact]
    public void Merge_keeps_base_secret_data()
    {
        using var repository = new TempRepository()
            .With("base/kustomization.yaml", Header + "resources:\n  - secret.yaml\n")
            .With("base/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: settings\ndata:\n  CLUSTER: cHJvZA==\nstringData:\n  TIER: gold\n")
            .With("app/kustomization.yaml", Header + "resources:\n  - ../base\nsecretGenerator:\n  - name: settings\n    behavior: merge\n    literals:\n      - REGION=eu\n");

        var settings = BuildHarness.Build(repository, "app").Output.Single("Secret", "settings");

        settings.Text("stringData.CLUSTER").ShouldBe("prod");
        settings.Text("stringData.TIER").ShouldBe("gold");
        settings.Text("stringData.REGION").ShouldBe("eu");
        ConfigData.Read(settings.Object).IsComplete.ShouldBeTrue();
    }

    [Fact]
    public void Merge_keeps_base_metadata()
    {
        using var repository = new TempRepository()
            .With("base/kustomization.yaml", Header + "resources:\n  - settings.yaml\n")
            .With("base/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    team: a\n    tier: base\n  annotations:\n    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\ndata:\n  CLUSTER: prod\n")
            .With("app/kustomization.yaml", Header + "resources:\n  - ../base\nconfigMapGenerator:\n  - name: settings\n    behavior: replace\n    options:\n      labels:\n        team: b\n    literals:\n      - REGION=eu\n");

        var settings = BuildHarness.Build(repository, "app").Output.Single("ConfigMap", "settings").Object;

        settings.Label("team").ShouldBe("b");
        settings.Label("tier").ShouldBe("base");
        settings.Annotation("kustomize.toolkit.fluxcd.io/ssa").ShouldBe("IfNotPresent");
    }

    [Fact]
    public void Merge_keeps_base_unread_keys()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    files:\n      - missing.yaml\n  - name: settings\n    behavior: merge\n    literals:\n      - ENV=production\n");

        var settings = output.Single("ConfigMap", "settings").Object;

        settings.Generated!.UnreadKeys.Keys.ShouldContain("missing.yaml");
        ConfigData.Read(settings).Values["missing.yaml"].ShouldBe(UnknownValue.Data);
    }

    [Fact]
    public void Duplicate_key_records_unread_keys()
    {
        var (output, _) = Build("configMapGenerator:\n  - name: settings\n    literals:\n      - ENV=production\n      - ENV=staging\n");

        output.Single("ConfigMap", "settings").Object.Generated!.UnreadKeys.Keys.ShouldContain("ENV");
    }

    [Fact]
    public void Merge_with_two_bases_leaves_keys_unknown()
    {
        using var repository = new TempRepository()
            .With("base/kustomization.yaml", Header + "resources:\n  - settings.yaml\n")
            .With("base/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: a\ndata:\n  CLUSTER: prod\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: b\ndata:\n  CLUSTER: prod\n")
            .With("app/kustomization.yaml", Header + "resources:\n  - ../base\nconfigMapGenerator:\n  - name: settings\n    behavior: merge\n    literals:\n      - REGION=eu\n");

        var (output, log) = BuildHarness.Build(repository, "app");

        output.Objects.Where(o => o.Object.Kind == "ConfigMap").Select(o => ConfigData.Read(o.Object).IsComplete).ShouldContain(false);
        log.ShouldContain(m => m.Contains("the build has 2 objects of that name", StringComparison.Ordinal));
    }
}
