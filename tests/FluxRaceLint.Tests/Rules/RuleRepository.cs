using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Rules;

/// <summary>Small repositories for rule tests: a bootstrapped cluster 'clusters/demo' and builders for its objects.</summary>
internal static class RuleRepository
{
    public const string Bootstrap = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: flux-system
          namespace: flux-system
        spec:
          interval: 1m
          url: https://example.com/fleet.git
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: flux-system
          namespace: flux-system
        spec:
          interval: 10m
          path: ./clusters/demo
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
        """;

    /// <summary>A repository whose bootstrap Kustomization applies 'clusters/demo'.</summary>
    public static TempRepository New() =>
        new TempRepository()
            .With("clusters/demo/flux-system/gotk-sync.yaml", Bootstrap)
            .With("clusters/demo/flux-system/kustomization.yaml", "resources: [gotk-sync.yaml]\n");

    /// <summary>A Flux Kustomization with a retryInterval; <paramref name="extra"/> contains further spec lines, indented two spaces.</summary>
    public static string Kustomization(string name, string path, string extra = "", string ns = "flux-system") => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          interval: 1h
          retryInterval: 1m
          path: {path}
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
            namespace: flux-system
        {extra}
        """;

    /// <summary>A HelmRepository and a HelmRelease of one chart; <paramref name="extra"/> contains further spec lines, indented two spaces.</summary>
    public static string Release(string name, string ns, string chart, string version, string url, string extra = "") => $"""
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: {chart}
          namespace: {ns}
        spec:
          interval: 24h
          url: {url}
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          interval: 1h
          chart:
            spec:
              chart: {chart}
              version: {version}
              sourceRef:
                kind: HelmRepository
                name: {chart}
        {extra}
        """;

    public static string Namespace(string name) => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n";

    public static string ConfigMap(string name, string ns) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\n";

    /// <summary>The findings of one rule.</summary>
    public static List<Finding> Of(this LintResult result, RuleDescriptor rule) =>
        [.. result.Findings.Where(f => f.Rule == rule)];
}
