using System.Text;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// HelmRelease spec.valuesFrom entries and the kustomize generators behind them, in numbers that made
/// each entry cost the size of everything before it. All objects are in the racy Kustomization's folder.
/// </summary>
public sealed class ValuesFromTests
{
    private const string Folder = "apps/web";

    private static string Release(string name, IEnumerable<string> configMaps)
    {
        var text = new StringBuilder($"""
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: {name}
              namespace: default
            spec:
              interval: 10m
              chart:
                spec:
                  chart: podinfo
                  sourceRef:
                    kind: HelmRepository
                    name: podinfo
              values:
                replicaCount: 1
              valuesFrom:

            """);
        foreach (var configMap in configMaps)
            text.Append("    - kind: ConfigMap\n      name: ").Append(configMap).Append('\n');
        return text.Append("---\n").ToString();
    }

    private static string ConfigMap(string name, string values) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\ndata:\n  values.yaml: |\n"
        + string.Concat(values.Split('\n').Where(line => line.Length > 0).Select(line => $"    {line}\n"))
        + "---\n";

    /// <summary>A kustomization.yaml that applies the release and generates the racy ConfigMap and the given generator entries.</summary>
    private static string Generators(string entries) =>
        "resources:\n  - release.yaml\nnamespace: default\ngeneratorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n  - name: web\n    literals: [greeting=hello]\n" + entries;

    private static string Lines(int count, Func<int, string> line) =>
        string.Concat(Enumerable.Range(0, count).Select(i => line(i) + "\n"));

    private static void ShouldHaveNote(LintResult result, string text) =>
        result.VerboseMessages.ShouldContain(
            line => line.StartsWith("valuesFrom: ", StringComparison.Ordinal) && line.Contains(text, StringComparison.Ordinal),
            $"no valuesFrom note with '{text}'");

    [Fact]
    public void Entries_naming_one_large_configmap()
    {
        // Each entry used to parse the 50,000 lines of values again.
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/values.yaml", ConfigMap("big", Lines(50_000, i => $"key{i}: value{i}")))
            .With($"{Folder}/release.yaml", Release("web", Enumerable.Repeat("big", 1_000)));

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, "has values that expand to more than 100000 entries when merged");
    }

    [Fact]
    public void Ten_thousand_entries_one_file()
    {
        // Each entry used to split the whole file into lines and merge over all values before it.
        var configMaps = string.Concat(Enumerable.Range(0, 10_000).Select(i => ConfigMap($"values-{i}", $"key{i}: {i}\n")));
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/values.yaml", configMaps)
            .With($"{Folder}/release.yaml", Release("web", Enumerable.Range(0, 10_000).Select(i => $"values-{i}")));

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, "is one of valuesFrom entries whose merge writes more than 1000000 values");
    }

    [Fact]
    public void Releases_sharing_large_configmap()
    {
        var releases = string.Concat(Enumerable.Range(0, 1_000).Select(i => Release($"web-{i}", ["big"])));
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/values.yaml", ConfigMap("big", Lines(50_000, i => $"key{i}: value{i}")))
            .With($"{Folder}/release.yaml", releases);

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, "HelmRelease 'default/web-0' (cluster '.') entry 1, ConfigMap 'big': merged from");
        ShouldHaveNote(outcome.Result, "HelmRelease 'default/web-999' (cluster '.') entry 1, ConfigMap 'big': not read because it belongs to a HelmRelease that comes after others of cluster '.' that already merge more than 2000000 values");
    }

    [Fact]
    public void Many_merges_into_large_configmap()
    {
        // Each merge used to copy the 100,000 keys of the env file and compare every pair of keys.
        // The generator list, with the racy ConfigMap's entry, stays under the 10,000 entries that are read.
        var generators = new StringBuilder("  - name: big\n    envs: [big.env]\n");
        for (var i = 0; i < 9_990; i++)
            generators.Append("  - name: big\n    behavior: merge\n    literals: [extra").Append(i).Append("=1]\n");
        generators.Append("  - name: big\n    behavior: merge\n    files: [values.yaml]\n");
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/kustomization.yaml", Generators(generators.ToString()))
            .With($"{Folder}/big.env", Lines(100_000, i => $"key{i}=value{i}"))
            .With($"{Folder}/values.yaml", "replicaCount: 2\n")
            .With($"{Folder}/release.yaml", Release("web", ["big"]));

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, $"ConfigMap 'big': merged from '{Folder}/values.yaml'");
    }

    [Fact]
    public void Merge_replaces_only_its_keys()
    {
        var kustomization = Generators("""
              - name: vals
                files: [values.yaml=first.yaml]
              - name: vals
                behavior: merge
                literals: [other=1]
              - name: vals
                behavior: merge
                files: [values.yaml=second.yaml]

            """);
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/kustomization.yaml", kustomization)
            .With($"{Folder}/first.yaml", "replicaCount: 1\n")
            .With($"{Folder}/second.yaml", "replicaCount: 2\n")
            .With($"{Folder}/release.yaml", Release("web", ["vals"]));

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, $"ConfigMap 'vals': merged from '{Folder}/second.yaml'");
    }

    [Fact]
    public void Env_file_that_is_not_utf8()
    {
        var kustomization = Generators("""
              - name: vals
                envs: [values.env]

            """);
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/kustomization.yaml", kustomization)
            .WithBytes($"{Folder}/values.env", [.. "values.yaml=replicaCount: 2\n"u8, 0xFF, (byte)'\n'])
            .With($"{Folder}/release.yaml", Release("web", ["vals"]));

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, "not read because it has no key 'values.yaml' that the linter can see, but it may have keys that a generator reads from a file the linter cannot read");
    }

    [Fact]
    public void Merge_after_sops_value()
    {
        // A merge reads the object built so far, and a SOPS value in it makes every earlier value
        // unknown, even once a later merge replaces that value. Gathering the merges must keep this.
        var kustomization = Generators("""
              - name: vals
                literals: [other=1]
              - name: vals
                behavior: merge
                literals: ["secret=ENC[AES256_GCM,data:abc]"]
              - name: vals
                behavior: merge
                literals: [secret=plain]
              - name: vals
                behavior: merge
                files: [values.yaml]

            """);
        var release = Release("web", ["vals"]).Replace(
            "    - kind: ConfigMap\n      name: vals\n",
            "    - kind: ConfigMap\n      name: vals\n    - kind: ConfigMap\n      name: vals\n      valuesKey: other\n",
            StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy()
            .With($"{Folder}/kustomization.yaml", kustomization)
            .With($"{Folder}/values.yaml", "replicaCount: 2\n")
            .With($"{Folder}/release.yaml", release);

        var outcome = Hostile.Check(repository);

        ShouldHaveNote(outcome.Result, $"ConfigMap 'vals': merged from '{Folder}/values.yaml'");
        ShouldHaveNote(outcome.Result, "ConfigMap 'vals' (key 'other'): not read because it has a key 'other' whose value the linter cannot know");
    }
}
