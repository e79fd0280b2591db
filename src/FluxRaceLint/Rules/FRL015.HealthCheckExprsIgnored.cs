using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL015: a Kustomization sets healthCheckExprs but neither 'wait: true' nor healthChecks.
/// kustomize-controller evaluates the expressions only during a health check, so without one they
/// are never run, and the Kustomization is Ready as soon as its objects are applied.
/// </summary>
public sealed class HealthCheckExprsIgnoredRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.HealthCheckExprsIgnored;

    public void Check(ClusterContext context)
    {
        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier.Kustomization is not { HasHealthCheckExprs: true } kustomization)
                continue;
            var spec = kustomization.Object.Spec;

            // A wait value that a variable makes unknown gets the benefit of the doubt, as do
            // healthChecks entries that the model cannot read.
            if (kustomization.WaitsForAll || spec?.Get("healthChecks") is YSequence { Items.Count: > 0 } or YScalar { IsNull: false })
                continue;

            var wait = kustomization.Wait?.Value == false ? "sets 'wait: false'" : "does not set 'wait'";
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                Anchors.Key(kustomization.Object, spec, "healthCheckExprs"),
                $"Kustomization '{applier.Display}' sets healthCheckExprs but {wait} and has no healthChecks, so kustomize-controller runs no health check and never evaluates the expressions; it is Ready as soon as its objects are applied.",
                "Set 'wait: true' to check every object the Kustomization applies, or list the objects to check in spec.healthChecks.",
                [],
                $"{applier.Display}|health-check-exprs"));
        }
    }
}
