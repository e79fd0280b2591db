using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;

namespace FluxRaceLint.Rules;

/// <summary>A check that runs once per cluster graph.</summary>
public interface IRule
{
    RuleDescriptor Descriptor { get; }

    void Check(ClusterContext context);
}

/// <summary>The cluster a rule checks, and the list it reports findings to.</summary>
public sealed class ClusterContext
{
    private readonly List<Finding> _findings;

    public ClusterContext(Cluster cluster, RaceAnalysis analysis, LintOptions options, List<Finding> findings)
    {
        Cluster = cluster;
        Analysis = analysis;
        Options = options;
        _findings = findings;
    }

    public Cluster Cluster { get; }

    public RaceAnalysis Analysis { get; }

    public LintOptions Options { get; }

    public void Report(Finding finding)
    {
        lock (_findings)
            _findings.Add(finding);
    }
}
