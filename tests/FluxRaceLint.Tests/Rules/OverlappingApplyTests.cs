using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL014: two Kustomizations of one cluster that apply the same object.</summary>
public sealed class OverlappingApplyTests
{
    [Fact]
    public void Generated_parent_build_takes_child_folder()
    {
        using var repository = New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/web/ks.yaml", Kustomization("web", "./apps/web/app"))
            .With("apps/web/app/config.yaml", ConfigMap("web", "default"));

        var finding = repository.Lint().Of(RuleCatalog.OverlappingApply).Single();

        // apps/web/ks.yaml comes first in file order, so the parent is the second Kustomization.
        finding.Location.Path.ShouldBe("clusters/demo/apps.yaml");
        finding.Location.Line.ShouldBe(9);
        finding.Message.ShouldContain("applies 'ConfigMap/default/web', which Kustomization 'flux-system/web' applies too");
        finding.Help.ShouldStartWith("Give 'apps' a kustomization.yaml that leaves out 'apps/web/app'");
        finding.Related[0].Span.Path.ShouldBe("apps/web/ks.yaml");
    }

    [Fact]
    public void Gated_child_is_named_in_the_message()
    {
        using var repository = New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("clusters/demo/base.yaml", Kustomization("base", "./base", "  wait: true"))
            .With("base/config.yaml", ConfigMap("base", "default"))
            .With("apps/web/ks.yaml", Kustomization("web", "./apps/web/app", "  dependsOn:\n    - name: base"))
            .With("apps/web/app/config.yaml", ConfigMap("web", "default"));

        var finding = repository.Lint().Of(RuleCatalog.OverlappingApply).Single();

        finding.Message.ShouldContain("The copy in 'flux-system/apps' is applied without the dependsOn gate of 'flux-system/web'");
    }

    [Fact]
    public void Parent_listing_only_child_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/kustomization.yaml", "resources: [web/ks.yaml]\n")
            .With("apps/web/ks.yaml", Kustomization("web", "./apps/web/app"))
            .With("apps/web/app/config.yaml", ConfigMap("web", "default"));

        repository.Lint().Of(RuleCatalog.OverlappingApply).ShouldBeEmpty();
    }

    [Fact]
    public void Shared_folder_applied_into_two_namespaces_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/team-a.yaml", Kustomization("team-a", "./shared", "  targetNamespace: team-a"))
            .With("clusters/demo/team-b.yaml", Kustomization("team-b", "./shared", "  targetNamespace: team-b"))
            .With("shared/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");

        repository.Lint().Of(RuleCatalog.OverlappingApply).ShouldBeEmpty();
    }

    [Fact]
    public void Bootstrap_root_applying_its_own_manifest_stays_quiet()
    {
        using var repository = New()
            .With("clusters/demo/apps.yaml", Kustomization("apps", "./apps"))
            .With("apps/config.yaml", ConfigMap("web", "default"));

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Same_folder_in_two_clusters_stays_quiet()
    {
        using var repository = new TempRepository()
            .With("clusters/a/flux-system/gotk-sync.yaml", Bootstrap.Replace("./clusters/demo", "./clusters/a", StringComparison.Ordinal))
            .With("clusters/b/flux-system/gotk-sync.yaml", Bootstrap.Replace("./clusters/demo", "./clusters/b", StringComparison.Ordinal))
            .With("clusters/a/infra.yaml", Kustomization("infra", "./infra"))
            .With("clusters/b/infra.yaml", Kustomization("infra", "./infra"))
            .With("infra/config.yaml", ConfigMap("infra", "default"));

        repository.Lint().Of(RuleCatalog.OverlappingApply).ShouldBeEmpty();
    }
}
