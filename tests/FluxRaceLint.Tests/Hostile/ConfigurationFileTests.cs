using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using FluxRaceLint.Configuration;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Hostile .fluxracelint.yaml files, above all under 'knowledge', which the knowledge-base parser reads
/// through YamlDotNet's representation model. A bad file is a usage error with exit code 2 that names
/// the file, line and column. It never crashes, hangs or leads the linter out of the repository.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ConfigurationFileTests : IDisposable
{
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "fluxracelint-hostile-outside", Guid.NewGuid().ToString("N"));

    public ConfigurationFileTests()
    {
        Directory.CreateDirectory(_outside);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outside, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>Runs the CLI process and the in-process CLI, which must both reject the configuration with exit code 2.</summary>
    private static string ShouldBeUsageError(TempRepository repository)
    {
        var process = Hostile.RunProcess(repository.Root, "check", ".", "--repo-root", repository.Root);
        process.ExitCode.ShouldBe(2, $"stdout:\n{process.Output}\nstderr:\n{process.Error}");

        var (exitCode, output, error) = Hostile.RunCli(repository.Root, "check", ".", "--repo-root", repository.Root);
        exitCode.ShouldBe(2, $"stdout:\n{output}\nstderr:\n{error}");
        error.ShouldStartWith("error: ");
        error.ShouldNotContain("fluxracelint failed");
        error.ShouldNotContain("   at ");
        process.Error.ShouldBe(error, "the CLI process and the in-process CLI printed different errors");
        return error;
    }

    private static string KnowledgeBomb()
    {
        // Ten aliases per level over forty levels: 10^40 nodes once expanded.
        var text = new StringBuilder("knowledge:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 40; i++)
            text.Append("  a").Append(i).Append(": &a").Append(i).Append(" [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        return text.ToString();
    }

    [Fact]
    public void Knowledge_key_from_merge_key()
    {
        using var repository = new TempRepository().WithRacy()
            .With(ConfigurationParser.FileName, "<<: {knowledge: {charts: [{name: merged-chart}]}}\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldContain(line => line.Contains("the configuration's 1 chart and 0 external CRD sources", StringComparison.Ordinal));
    }

    [Fact]
    public void Knowledge_key_with_tag()
    {
        using var repository = new TempRepository().WithRacy()
            .With(ConfigurationParser.FileName, "!!str knowledge:\n  charts:\n    - name: x\n      bogus: 1\n");

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"{ConfigurationParser.FileName}:4:7: Under 'knowledge': unknown field 'bogus' in chart");
    }

    [Fact]
    public void Knowledge_after_empty_document()
    {
        using var repository = new TempRepository().WithRacy()
            .With(ConfigurationParser.FileName, "---\n---\nknowledge:\n  charts:\n    - name: after-empty\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldContain(line => line.Contains("the configuration's 1 chart", StringComparison.Ordinal));
    }

    [Fact]
    public void Knowledge_alias_bomb()
    {
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, KnowledgeBomb());

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"{ConfigurationParser.FileName}:1:1: The key 'knowledge' has more than {ConfigurationParser.MaxKnowledgeNodes} YAML nodes once its aliases are expanded.");
    }

    [Fact]
    public void Knowledge_alias_bomb_as_complex_key()
    {
        // YamlDotNet hashes a mapping key by its content, which for this key never ends.
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, KnowledgeBomb() + "  ? *a39\n  : 1\n");

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"more than {ConfigurationParser.MaxKnowledgeNodes} YAML nodes");
    }

    [Fact]
    public void Knowledge_aliases_of_charts_and_webhooks()
    {
        // A thousand aliases of a chart whose thousand webhook aliases each list a thousand keys: a
        // file of 60 kB that expands to a billion nodes.
        var text = new StringBuilder("knowledge:\n  charts:\n    - &c\n      name: x\n      webhooks:\n        - &w\n          name: w\n          type: validating\n          failurePolicy: Fail\n          groups: [a]\n          requires:\n");
        for (var i = 0; i < 1000; i++)
            text.Append("            - {key: k").Append(i).Append(", default: true}\n");
        text.Append(string.Concat(Enumerable.Repeat("        - *w\n", 999)));
        text.Append(string.Concat(Enumerable.Repeat("    - *c\n", 999)));
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, text.ToString());

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"more than {ConfigurationParser.MaxKnowledgeNodes} YAML nodes");
    }

    [Fact]
    public void Knowledge_quoted_null_stays_a_string()
    {
        using var repository = new TempRepository().WithRacy()
            .With(ConfigurationParser.FileName, "knowledge:\n  charts:\n    - name: \"null\"\n      confidence: \"bogus\"\n");

        var error = ShouldBeUsageError(repository);

        // The chart has a name, so the error is the next one: its confidence.
        error.ShouldContain(":4:19: Under 'knowledge': 'confidence' in chart has the invalid value 'bogus'");
    }

    [Fact]
    public void Configuration_file_is_named_pipe()
    {
        using var repository = new TempRepository().WithRacy();
        var pipe = Path.Combine(repository.Root, ConfigurationParser.FileName);
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { pipe }, UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.ShouldBe(0, "mkfifo failed");
        }

        var error = ShouldBeUsageError(repository);

        error.ShouldContain("is a named pipe, socket or device, not a regular file");
    }

    [Fact]
    public void Configuration_file_links_out_of_repository()
    {
        var target = Path.Combine(_outside, ConfigurationParser.FileName);
        File.WriteAllText(target, "rules:\n  FRL007: off\n");
        using var repository = new TempRepository().WithRacy();
        File.CreateSymbolicLink(Path.Combine(repository.Root, ConfigurationParser.FileName), target);

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"is a link to '{target}', outside the repository, so it was not read");
    }

    [Fact]
    public void Configuration_file_links_to_device()
    {
        using var repository = new TempRepository().WithRacy();
        File.CreateSymbolicLink(Path.Combine(repository.Root, ConfigurationParser.FileName), "/dev/zero");

        var error = ShouldBeUsageError(repository);

        error.ShouldContain("is a link to '/dev/zero', outside the repository");
    }

    [Fact]
    public void Configuration_file_links_inside_repository()
    {
        using var repository = new TempRepository().WithRacy().With("config/lint.yaml", "retryThreshold: 2m\n");
        File.CreateSymbolicLink(Path.Combine(repository.Root, ConfigurationParser.FileName), "config/lint.yaml");

        var outcome = Hostile.Check(repository);

        outcome.Result.ConfigurationFile.ShouldBe(Path.Combine(repository.Root, ConfigurationParser.FileName));
    }

    [Fact]
    public void Configuration_file_over_size_limit()
    {
        using var repository = new TempRepository().WithRacy()
            .With("big.yaml", "# " + new string('x', (int)ReadLimits.Default.MaxFileBytes));
        var big = Path.Combine(repository.Root, "big.yaml");

        var (exitCode, _, error) = Hostile.RunCli(repository.Root, "check", ".", "--repo-root", repository.Root, "--config", big);

        exitCode.ShouldBe(2);
        error.ShouldContain($"is more than {ReadLimits.Default.MaxFileBytes} bytes long, so it was not read");
    }

    [Fact]
    public void Clusters_entry_is_repository_root()
    {
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, "clusters:\n  - .\n");

        var outcome = Hostile.Check(repository);

        outcome.Output.ShouldContain("exists in cluster '.', so it waits forever");
    }

    [Fact]
    public void Clusters_entry_is_file()
    {
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, $"clusters:\n  - {Racy.Path}\n");

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"{ConfigurationParser.FileName}:2:5: '{Racy.Path}' under 'clusters' is a file, not a folder.");
    }

    [Fact]
    public void Clusters_entry_links_out_of_repository()
    {
        Directory.CreateDirectory(Path.Combine(_outside, "cluster"));
        using var repository = new TempRepository().WithRacy().With(ConfigurationParser.FileName, "clusters:\n  - linked\n");
        Directory.CreateSymbolicLink(Path.Combine(repository.Root, "linked"), Path.Combine(_outside, "cluster"));

        var error = ShouldBeUsageError(repository);

        error.ShouldContain($"{ConfigurationParser.FileName}:2:5: The folder 'linked' under 'clusters' does not exist in the repository.");
    }
}
