using System.Diagnostics;
using System.Text;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Files over the read limits, and large files under them.</summary>
public sealed class SizeLimitTests
{
    private const string Big = "bad/big.yaml";

    private readonly ITestOutputHelper _output;

    public SizeLimitTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static string ConfigMaps(int count, int valueLength)
    {
        var value = new string('x', valueLength);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
            text.Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").Append(i).Append("\n  namespace: default\ndata:\n  value: ").Append(value).Append('\n');
        return text.ToString();
    }

    [Fact]
    public void File_over_size_limit_is_skipped()
    {
        using var repository = new TempRepository().WithRacy().With(Big, ConfigMaps(20, 100));
        var options = new LintOptions { Path = repository.Root, Limits = new ReadLimits { MaxFileBytes = 1024 } };

        var result = Hostile.Lint(repository, options);

        var finding = result.ShouldHaveInputFinding(Big, Severity.Error).Single();
        finding.Message.ShouldContain("more than the limit of 1024 bytes");
        (finding.Location.Line, finding.Location.Column).ShouldBe((1, 1));
        Hostile.ShouldReportRacy(result);
    }

    [Fact]
    public void Size_limit_also_applies_to_a_kustomization_file()
    {
        using var repository = new TempRepository().WithRacy()
            .With("apps/web/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n" + string.Concat(Enumerable.Repeat("  - configmap.yaml\n", 100)));
        var options = new LintOptions { Path = repository.Root, Limits = new ReadLimits { MaxFileBytes = 1024 } };

        var result = Hostile.Lint(repository, options);

        result.ShouldHaveInputFinding("apps/web/kustomization.yaml", Severity.Error);
        Hostile.ShouldReportRacy(result);
    }

    [Fact]
    public void File_over_the_node_limit_is_reported()
    {
        using var repository = new TempRepository().WithRacy().With(Big, ConfigMaps(200, 5));
        var options = new LintOptions { Path = repository.Root, Limits = new ReadLimits { MaxNodes = 500 } };

        var result = Hostile.Lint(repository, options);

        result.ShouldHaveInputFinding(Big, Severity.Error).Single().Message.ShouldContain("more than 500 YAML nodes");
        Hostile.ShouldReportRacy(result);
    }

    [Fact]
    public void Twenty_megabyte_file_is_over_the_default_limit()
    {
        using var repository = new TempRepository().WithRacy().With(Big, ConfigMaps(20_000, 1_000));
        new FileInfo(Path.Combine(repository.Root, Big)).Length.ShouldBeGreaterThan(20_000_000);

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveInputFinding(Big, Severity.Error).Single().Message.ShouldContain("more than the limit");
    }

    [Fact]
    public void Twenty_megabyte_file_under_raised_limit()
    {
        using var repository = new TempRepository().WithRacy().With(Big, ConfigMaps(20_000, 1_000));
        var options = new LintOptions { Path = repository.Root, Limits = new ReadLimits { MaxFileBytes = 64 * 1024 * 1024 } };
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();

        var result = Hostile.Lint(repository, options);

        // Timing and allocation go to the test log only, because other tests run at the same time and add to both.
        _output.WriteLine($"20 MB file: {clock.ElapsedMilliseconds} ms, about {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024)} MiB allocated, {result.FilesRead} files read");
        result.Findings.Where(f => f.Location.Path == Big && f.Level == Severity.Error).ShouldBeEmpty(Hostile.Describe(result));
        Hostile.ShouldReportRacy(result);
    }

    [Fact]
    public void Megabyte_long_name_is_carried_through()
    {
        var name = new string('n', 1024 * 1024);
        var kustomization = Racy.Kustomization.Replace("name: web", $"name: {name}", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy()
            .With("bad/long-name.yaml", kustomization)
            .With("bad/long-configmap.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: default\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldContain(f => f.Rule.Id == "FRL007" && f.Location.Path == "bad/long-name.yaml");
    }

    [Fact]
    public void Megabyte_long_key_is_rejected_as_yaml_requires()
    {
        var key = new string('k', 1024 * 1024);
        using var repository = new TempRepository().WithRacy()
            .With("bad/long-key.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  {key}: value\n  {key}: again\n");

        var outcome = Hostile.Check(repository);

        // YAML 1.2 limits an implicit key to 1024 characters, so the first long key is a syntax error.
        var finding = outcome.Result.ShouldHaveInputFinding("bad/long-key.yaml", Severity.Error).Single();
        finding.Location.Line.ShouldBe(6);
        finding.Message.ShouldContain("The YAML is invalid");
    }
}
