using FluxRaceLint.Tests.Rules;

namespace FluxRaceLint.Tests.Model;

/// <summary>HelmRelease fields that the API server rejects are reported as FRL000.</summary>
public sealed class HelmReleaseFieldTests
{
    [Theory]
    [InlineData("interval: 1h", "interval: 1 hour", "spec.interval")]
    [InlineData("interval: 1h", "interval: 1h\n  timeout: soon", "spec.timeout")]
    [InlineData("  interval: 1h\n", "", "spec.interval")]
    public void Invalid_release_field_is_an_input_finding(string original, string replacement, string field)
    {
        using var repository = Repository(original, replacement);

        var finding = repository.Lint().Findings.ShouldHaveSingleItem();

        finding.Rule.Id.ShouldBe("FRL000");
        finding.Location.Path.ShouldBe("infrastructure/tools/release.yaml");
        finding.Message.ShouldContain(field);
    }

    [Theory]
    [InlineData("interval: 1h", "interval: ${RELEASE_INTERVAL}")]
    [InlineData("interval: 1h", "interval: 1h\n  timeout: 10m")]
    public void Valid_or_templated_release_field_is_quiet(string original, string replacement)
    {
        using var repository = Repository(original, replacement);

        repository.Lint().Findings.ShouldBeEmpty();
    }

    private static TempRepository Repository(string original, string replacement)
    {
        var release = RuleRepository.Release("tools", "flux-system", "tools", "1.0.0", "https://charts.example.com");
        var index = release.IndexOf("kind: HelmRelease", StringComparison.Ordinal);
        var changed = release[..index] + release[index..].Replace(original, replacement, StringComparison.Ordinal);
        return RuleRepository.New()
            .With("clusters/demo/tools.yaml", RuleRepository.Kustomization("tools", "./infrastructure/tools", "  wait: true"))
            .With("infrastructure/tools/release.yaml", changed);
    }
}
