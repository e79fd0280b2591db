using System.Text;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Kustomization files and Flux paths that point at nothing, leave the repository or loop.</summary>
public sealed class KustomizeBuildTests
{
    private const string Config = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

    private static string Resources(params string[] entries) =>
        Config + "resources:\n" + string.Concat(entries.Select(e => $"  - {e}\n"));

    /// <summary>A Flux Kustomization named <paramref name="name"/> that builds <paramref name="path"/>.</summary>
    private static string FluxKustomization(string name, string path) =>
        Racy.Kustomization
            .Replace("name: web", $"name: {name}", StringComparison.Ordinal)
            .Replace("  dependsOn:\n    - name: database\n", "", StringComparison.Ordinal)
            .Replace("path: ./apps/web", $"path: {path}", StringComparison.Ordinal);

    [Fact]
    public void Missing_resources_point_at_their_entries()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "missing.yaml", "missing-folder/", "./nested/../also-missing.yaml"));

        var findings = Hostile.Check(repository).Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error);

        findings.Select(f => f.Location.Line).Order().ShouldBe([5, 6, 7]);
        findings.ShouldAllBe(f => f.Message.Contains("does not exist"));
    }

    [Fact]
    public void Resource_folder_without_kustomization()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "plain"))
            .With("apps/web/plain/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error)
            .Single().Message.ShouldContain("has no kustomization.yaml");
    }

    [Fact]
    public void Resources_that_leave_the_repository_are_errors()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "../../../../../../etc/passwd", "../../..", $"../../../{new DirectoryInfo(Path.GetTempPath()).Name}"));

        var findings = Hostile.Check(repository).Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error);

        findings.Select(f => f.Location.Line).Order().ShouldBe([5, 6, 7]);
        findings.ShouldAllBe(f => f.Message.Contains("leaves the repository"));
    }

    [Fact]
    public void Absolute_resource_path_is_not_read()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "/etc/passwd", "/etc"));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error).Count.ShouldBe(2);
        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path.StartsWith("etc", StringComparison.Ordinal));
    }

    [Fact]
    public void Spec_path_that_leaves_the_repository_is_noted()
    {
        using var repository = new TempRepository().WithRacy()
            .With("racy/escape.yaml", FluxKustomization("escape", "../../../../etc"))
            .With("racy/absolute.yaml", FluxKustomization("absolute", "/etc"));

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldContain(line => line.Contains("'flux-system/escape'"), string.Join('\n', outcome.Result.VerboseMessages));
        outcome.Result.VerboseMessages.ShouldContain(line => line.Contains("'flux-system/absolute'"), string.Join('\n', outcome.Result.VerboseMessages));
    }

    [Fact]
    public void Paths_with_a_nul_character()
    {
        // A double-quoted YAML string can hold "\0", which .NET file APIs reject with an ArgumentException.
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "\"nul\\0.yaml\"", "\"nul\\0/inner.yaml\"", "\"nul\\0\""))
            .With("racy/nul.yaml", FluxKustomization("nul", "\"./apps/web\\0/sub\""))
            .With("racy/nul-leaf.yaml", FluxKustomization("nul-leaf", "\"./apps\\0\""));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error).Count.ShouldBe(3);
    }

    [Fact]
    public void Folder_name_longer_than_the_file_system_allows()
    {
        var name = new string('x', 300);
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", name, $"{name}/{name}.yaml"))
            .With("racy/long.yaml", FluxKustomization("long", $"./{name}/{name}"));

        Hostile.Check(repository).Result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error).Count.ShouldBe(2);
    }

    [Fact]
    public void Kustomization_files_that_include_each_other()
    {
        // kustomize stops such a build with 'cycle detected', so kustomize-controller never applies it.
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "../loop"))
            .With("apps/loop/kustomization.yaml", Resources("../web"));

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(
            f => f.Rule.Id == "FRL000" && (f.Location.Path == "apps/web/kustomization.yaml" || f.Location.Path == "apps/loop/kustomization.yaml"),
            $"a kustomization cycle should be reported; findings:\n{Hostile.Describe(outcome.Result)}");
    }

    [Fact]
    public void Kustomization_lists_its_own_folder()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", ".", "./", "kustomization.yaml"));

        Hostile.Check(repository);
    }

    [Fact]
    public void Kustomization_applies_itself_in_a_loop()
    {
        // The bootstrap Kustomization 'loop' builds clusters/a, which includes clusters/b, which
        // includes clusters/a again, and a second Kustomization in clusters/b applies clusters/b.
        var sync = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.invalid/fleet\n  ref:\n    branch: main\n---\n"
            + FluxKustomization("loop", "./clusters/a");
        using var repository = new TempRepository().WithRacy()
            .With("racy/kustomization.yaml", Resources("web.yaml"))
            .With("clusters/a/sync.yaml", sync)
            .With("clusters/a/kustomization.yaml", Resources("sync.yaml", "../b", "../../racy"))
            .With("clusters/b/child.yaml", FluxKustomization("child", "./clusters/b"))
            .With("clusters/b/kustomization.yaml", Resources("child.yaml", "../a"));

        var outcome = Hostile.Check(repository);

        outcome.Result.ClusterCount.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Nested_kustomizations_past_build_limit()
    {
        // Each folder includes the next, and the racy Kustomization sits at the bottom, 100 folders down.
        var repository = new TempRepository().WithRacy();
        using var cleanup = repository;
        var folder = new StringBuilder("apps/chain");
        repository.With("racy/root.yaml", FluxKustomization("chain", "./apps/chain"));
        for (var i = 0; i < 100; i++)
        {
            repository.With($"{folder}/kustomization.yaml", Resources("next"));
            folder.Append("/next");
        }

        repository.With($"{folder}/kustomization.yaml", Resources("bottom.yaml"))
            .With($"{folder}/bottom.yaml", Racy.Kustomization.Replace("name: web", "name: bottom", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        var bottom = $"{folder}/bottom.yaml";
        var reported = outcome.Result.Findings.Any(f => f.Location.Path == bottom && f.Rule.Id == "FRL007");
        var noted = outcome.Result.Findings.Any(f => f.Rule.Id == "FRL000") || outcome.Result.VerboseMessages.Any(l => l.Contains("deep", StringComparison.OrdinalIgnoreCase));
        (reported || noted).ShouldBeTrue($"the bottom Kustomization was dropped without a word; findings:\n{Hostile.Describe(outcome.Result)}");
    }

    [Fact]
    public void Folders_nested_one_thousand_deep()
    {
        var path = string.Join('/', Enumerable.Repeat("d", 1_000));
        using var repository = new TempRepository().WithRacy()
            .With($"{path}/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [deep\n")
            .With("racy/everything.yaml", FluxKustomization("everything", "./"));

        Hostile.Check(repository).Result.ShouldHaveInputFinding($"{path}/configmap.yaml", Severity.Error);
    }

    [Fact]
    public void Remote_resources_are_not_fetched()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Resources("configmap.yaml", "https://example.invalid/manifest.yaml", "github.com/example/repo//deploy?ref=v1"));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNote("apps/web/kustomization.yaml", "not fetched");
    }

    [Fact]
    public void Resources_that_are_not_a_list_of_strings()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", Config + "resources: configmap.yaml\ncomponents:\n  - {a: b}\n  - [x]\n  - \n  - 42\nbases: ~\n");

        Hostile.Check(repository);
    }
}
