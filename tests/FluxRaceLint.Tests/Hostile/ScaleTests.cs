using System.Text;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Long lists and long dependency chains, which must not overflow the stack or run for minutes.</summary>
public sealed class ScaleTests
{
    /// <summary>A Kustomization without dependsOn, so callers add their own.</summary>
    private static string Kustomization(string name) =>
        Racy.Kustomization
            .Replace("name: web", $"name: {name}", StringComparison.Ordinal)
            .Replace("  dependsOn:\n    - name: database\n", "", StringComparison.Ordinal);

    [Fact]
    public void Depends_on_list_of_fifty_thousand_entries()
    {
        var text = new StringBuilder(Kustomization("wide")).Append("  dependsOn:\n");
        for (var i = 0; i < 50_000; i++)
            text.Append("    - name: missing-").Append(i).Append('\n');
        using var repository = new TempRepository().WithRacy().With("racy/wide.yaml", text.ToString());

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.Count(f => f.Location.Path == "racy/wide.yaml" && f.Rule.Id == "FRL007").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Depends_on_list_of_fifty_thousand_existing_entries()
    {
        var text = new StringBuilder(Kustomization("wide")).Append("  dependsOn:\n");
        for (var i = 0; i < 50_000; i++)
            text.Append("    - name: web\n");
        using var repository = new TempRepository().WithRacy().With("racy/wide.yaml", text.ToString());

        Hostile.Check(repository);
    }

    [Fact]
    public void Chain_of_ten_thousand_kustomizations()
    {
        // k0 <- k1 <- ... <- k9999, all in one file, and the chain's head depends on the racy one.
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("---\n").Append(Kustomization($"k{i}"));
            text.Append("  dependsOn:\n    - name: ").Append(i == 0 ? "web" : $"k{i - 1}").Append('\n');
        }

        using var repository = new TempRepository().WithRacy().With("racy/chain.yaml", text.ToString());

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path == "racy/chain.yaml" && f.Rule.Id == "FRL007", Hostile.Describe(outcome.Result));
    }

    [Fact]
    public void Cycle_of_ten_thousand_kustomizations()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("---\n").Append(Kustomization($"k{i}"));
            text.Append("  dependsOn:\n    - name: k").Append((i + 1) % 10_000).Append('\n');
        }

        using var repository = new TempRepository().WithRacy().With("racy/cycle.yaml", text.ToString());

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Location.Path == "racy/cycle.yaml" && f.Rule.Id == "FRL008");
    }

    [Fact]
    public void Chain_of_kustomizations_each_applying_the_next()
    {
        // Parent applies child applies grandchild, 2,000 levels down, each in its own folder.
        using var repository = new TempRepository().WithRacy().With("racy/top.yaml", Kustomization("top").Replace("./apps/web", "./nest/0", StringComparison.Ordinal));
        for (var i = 0; i < 2_000; i++)
            repository.With($"nest/{i}/next.yaml", Kustomization($"n{i}").Replace("./apps/web", $"./nest/{i + 1}", StringComparison.Ordinal));
        repository.With("nest/2000/bottom.yaml", Racy.Kustomization.Replace("name: web", "name: bottom", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Location.Path == "nest/2000/bottom.yaml" && f.Rule.Id == "FRL007", Hostile.Describe(outcome.Result));
    }

    [Fact]
    public void Two_thousand_kustomizations_waiting_on_missing_configmap()
    {
        // A ConfigMap that Terraform or the bootstrap creates is applied by no Kustomization, so
        // every Kustomization waits for it until the walk resolves them all at once.
        var text = new StringBuilder();
        for (var i = 0; i < 2_000; i++)
        {
            text.Append("---\n").Append(Kustomization($"k{i}"));
            text.Append("  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n");
        }

        using var repository = new TempRepository().WithRacy().With("racy/waiting.yaml", text.ToString());

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.Count(m => m.StartsWith("substituteFrom not found:", StringComparison.Ordinal)).ShouldBe(2_000);
    }

    [Fact]
    public void Five_thousand_small_files()
    {
        using var repository = new TempRepository().WithRacy();
        for (var i = 0; i < 5_000; i++)
            repository.With($"many/{i % 50}/cm-{i}.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: default\n");
        repository.With("many/7/broken.yaml", "a: [\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding("many/7/broken.yaml");
    }

    [Fact]
    public void Health_checks_list_of_fifty_thousand_entries()
    {
        var text = new StringBuilder(Kustomization("checks")).Append("  healthChecks:\n");
        for (var i = 0; i < 50_000; i++)
            text.Append("    - kind: Deployment\n      name: d").Append(i).Append("\n      namespace: default\n");
        using var repository = new TempRepository().WithRacy().With("racy/checks.yaml", text.ToString());

        Hostile.Check(repository);
    }
}
