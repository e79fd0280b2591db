using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Rules;

public sealed class RetryIntervalMissingTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: old\n";

    [Fact]
    public void Odd_one_out_gets_a_note()
    {
        using var repository = Siblings(retryingSiblings: 2);

        var finding = repository.Lint().Findings.ShouldHaveSingleItem();

        finding.Rule.Id.ShouldBe("FRL006");
        finding.Level.ShouldBe(Severity.Note);
        finding.Location.Path.ShouldBe("clusters/demo/legacy.yaml");
        finding.Message.ShouldBe("Kustomization 'flux-system/legacy' retries a failed apply later than the Kustomizations beside it: with no retryInterval it retries only after its interval of 1h.");
    }

    [Fact]
    public void Mostly_slow_siblings_stay_quiet()
    {
        using var repository = Siblings(retryingSiblings: 1, plainSiblings: 2);

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Lone_kustomization_stays_quiet()
    {
        using var repository = Siblings(retryingSiblings: 0);

        repository.Lint().Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Siblings_with_slow_retries_stay_quiet()
    {
        using var repository = Siblings(retryingSiblings: 2);
        for (var i = 0; i < 2; i++)
        {
            repository.With($"clusters/demo/retrying-{i}.yaml", RuleRepository.Kustomization($"retrying-{i}", $"./apps/retrying-{i}")
                .Replace("retryInterval: 1m", "retryInterval: 10m", StringComparison.Ordinal));
        }

        repository.Lint().Findings.ShouldBeEmpty();
    }

    private static TempRepository Siblings(int retryingSiblings, int plainSiblings = 0)
    {
        var repository = RuleRepository.New()
            .With("clusters/demo/legacy.yaml", Plain("legacy"))
            .With("apps/legacy/settings.yaml", ConfigMap.Replace("settings", "legacy", StringComparison.Ordinal));
        for (var i = 0; i < retryingSiblings; i++)
        {
            repository.With($"clusters/demo/retrying-{i}.yaml", RuleRepository.Kustomization($"retrying-{i}", $"./apps/retrying-{i}"))
                .With($"apps/retrying-{i}/settings.yaml", ConfigMap.Replace("settings", $"retrying-{i}", StringComparison.Ordinal));
        }

        for (var i = 0; i < plainSiblings; i++)
        {
            repository.With($"clusters/demo/plain-{i}.yaml", Plain($"plain-{i}"))
                .With($"apps/plain-{i}/settings.yaml", ConfigMap.Replace("settings", $"plain-{i}", StringComparison.Ordinal));
        }

        return repository;
    }

    private static string Plain(string name) => $"""
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: {name}
          namespace: flux-system
        spec:
          interval: 1h
          path: ./apps/{name}
          prune: true
          sourceRef:
            kind: GitRepository
            name: flux-system
        """;
}
