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
}
