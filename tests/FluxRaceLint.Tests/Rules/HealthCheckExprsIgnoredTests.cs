using FluxRaceLint.Diagnostics;
using static FluxRaceLint.Tests.Rules.RuleRepository;

namespace FluxRaceLint.Tests.Rules;

/// <summary>FRL015: healthCheckExprs that no health check evaluates.</summary>
public sealed class HealthCheckExprsIgnoredTests
{
    private const string Expressions = """
          healthCheckExprs:
            - apiVersion: bitnami.com/v1alpha1
              kind: SealedSecret
              current: status.conditions.exists(c, c.type == 'Synced' && c.status == 'True')
        """;

    private static TempRepository Secrets(string extra) =>
        New()
            .With("clusters/demo/secrets.yaml", Kustomization("secrets", "./secrets", extra))
            .With("secrets/config.yaml", ConfigMap("settings", "default"));

    [Theory]
    [InlineData("")]
    [InlineData("  wait: false\n")]
    public void Expressions_without_a_health_check_are_reported(string wait)
    {
        using var repository = Secrets(wait + Expressions);

        var finding = repository.Lint().Of(RuleCatalog.HealthCheckExprsIgnored).Single();

        finding.Location.Path.ShouldBe("clusters/demo/secrets.yaml");
        finding.Location.Line.ShouldBe(wait.Length == 0 ? 15 : 16);
    }

    [Theory]
    [InlineData("  wait: true\n")]
    [InlineData("  wait: ${WAIT}\n")]
    [InlineData("  healthChecks:\n    - apiVersion: apps/v1\n      kind: Deployment\n      name: sealed-secrets\n      namespace: kube-system\n")]
    public void Expressions_with_a_health_check_stay_quiet(string gate)
    {
        using var repository = Secrets(gate + Expressions);

        repository.Lint().Of(RuleCatalog.HealthCheckExprsIgnored).ShouldBeEmpty();
    }
}
