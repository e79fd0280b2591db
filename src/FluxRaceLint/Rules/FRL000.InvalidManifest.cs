using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>FRL000: input the linter cannot read, reported where it fails so the rest still runs.</summary>
public static class InvalidManifestRule
{
    public static void Report(IReadOnlyList<SourceFile> files, IReadOnlyList<Cluster> clusters, List<Finding> findings)
    {
        var problems = new List<InputProblem>();
        foreach (var file in files)
            problems.AddRange(file.Problems);
        foreach (var cluster in clusters)
        {
            foreach (var applier in cluster.Appliers)
            {
                problems.AddRange(applier.Problems);
                if (applier.Kustomization is { } kustomization)
                    problems.AddRange(kustomization.Problems);
            }

            foreach (var release in cluster.HelmReleases)
                problems.AddRange(release.Release.Problems);
        }

        var seen = new HashSet<(string, Position, string)>();
        foreach (var problem in problems)
        {
            if (!seen.Add((problem.Path, problem.Start, problem.Message)))
                continue;
            findings.Add(Anchors.Create(
                RuleCatalog.InvalidManifest,
                problem.Level,
                Spans.Of(problem.Path, problem.Start, problem.End),
                problem.Message,
                problem.Help,
                [],
                problem.Message));
        }
    }
}
