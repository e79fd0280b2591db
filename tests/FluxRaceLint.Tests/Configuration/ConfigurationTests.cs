using FluxRaceLint.Configuration;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Configuration;

public sealed class ConfigurationTests
{
    private const string MissingProvider = "fires-missing-provider";

    private const string MessagingFile = "clusters/demo/messaging.yaml";

    [Fact]
    public void Root_config_applies_to_subfolder()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "rules:\n  FRL001: warning\n");

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", "clusters/demo", "--repo-root", ".");

        error.ShouldBeEmpty();
        output.ShouldStartWith($"{MessagingFile}:21:3: warning FRL001 ");
        exitCode.ShouldBe(1);
    }

    [Fact]
    public void Nearest_config_above_the_path_wins()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "rules:\n  FRL001: note\n")
            .With("clusters/.fluxracelint.yaml", "rules:\n  FRL001: warning\n");

        var result = Linter.Run(new LintOptions { Path = Path.Combine(repository.Root, "clusters/demo"), RepositoryRoot = repository.Root });

        result.ConfigurationFile.ShouldBe(Path.Combine(repository.Root, "clusters", ".fluxracelint.yaml"));
        result.Findings.Single().Level.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Config_above_the_repository_root_is_not_read()
    {
        using var outer = new TempRepository().With(".fluxracelint.yaml", "rules:\n  FRL001: off\n");
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.Testdata, "cases", MissingProvider), "*", SearchOption.AllDirectories))
            outer.With(Path.Combine("repo", Path.GetRelativePath(Path.Combine(TestPaths.Testdata, "cases", MissingProvider), file)), File.ReadAllText(file));
        var root = Path.Combine(outer.Root, "repo");

        var result = Linter.Run(new LintOptions { Path = root, RepositoryRoot = root });

        result.ConfigurationFile.ShouldBeNull();
        result.Findings.Single().Rule.Id.ShouldBe("FRL001");
        result.VerboseMessages.ShouldContain("configuration: no .fluxracelint.yaml between the path and the repository root, so every setting has its default");
    }

    [Fact]
    public void Config_option_replaces_the_search()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "rules:\n  FRL001: note\n")
            .With("ci/strict.yaml", "rules:\n  FRL001: warning\n");

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".", "--config", "ci/strict.yaml");

        output.ShouldStartWith($"{MessagingFile}:21:3: warning FRL001 ");
        exitCode.ShouldBe(1);
    }

    [Fact]
    public void No_config_option_reads_no_file()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "rules:\n  FRL001: off\n");

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--no-config", "--verbose");

        output.ShouldStartWith($"{MessagingFile}:21:3: error FRL001 ");
        error.ShouldContain("verbose: configuration: none read (--no-config)\n");
        exitCode.ShouldBe(1);
    }

    [Fact]
    public void Config_with_no_config_is_usage_error()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With("strict.yaml", "rules: {}\n");

        var (exitCode, _, error) = TestCli.Run(repository.Root, "check", ".", "--config", "strict.yaml", "--no-config");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: Give either --config or --no-config, not both.\n");
    }

    [Fact]
    public void Missing_config_file_is_a_usage_error()
    {
        using var repository = CaseCopies.Copy(MissingProvider);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--config", "absent.yaml");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe($"error: The configuration file '{Path.Combine(repository.Root, "absent.yaml")}' does not exist.\n");
    }

    [Theory]
    [InlineData("rulez: {}\n", "1:1: Unknown key 'rulez'. The keys are 'rules', 'exclude', 'assumePresent', 'retryThreshold', 'limits', 'clusters', 'sources' and 'knowledge'.")]
    [InlineData("# levels\nrules:\n  FRL004: warn\n", "3:11: The key 'rules.FRL004' has the invalid level 'warn'. Use off, note, warning or error.")]
    [InlineData("rules:\n  FRL004: true\n", "2:11: The key 'rules.FRL004' has the invalid level 'true'. Use off, note, warning or error.")]
    [InlineData("rules:\n  FRL004: [off]\n", "2:11: The key 'rules.FRL004' has the invalid level a list. Use off, note, warning or error.")]
    [InlineData("rules:\n  FRL999: off\n", "2:3: The key 'rules.FRL999' names no rule. Run 'fluxracelint rules' to list the rules.")]
    [InlineData("rules:\n  frl004: off\n", "2:3: The key 'rules.frl004' names no rule. Rule IDs are upper case, such as 'FRL004'. Run 'fluxracelint rules' to list the rules.")]
    [InlineData("rules: [FRL004]\n", "1:8: The key 'rules' must be a mapping of rule IDs to off, note, warning or error, but it is a list.")]
    [InlineData("exclude: apps/legacy\n", "1:10: The key 'exclude' must be a list of repository-relative glob patterns, but it is the string 'apps/legacy'.")]
    [InlineData("exclude:\n  - ../outside\n", "2:5: The pattern '../outside' under 'exclude' contains an empty, '.' or '..' segment. Give a path relative to the repository root.")]
    [InlineData("exclude:\n  - 42\n", "2:5: Each entry under 'exclude' must be a string, but one is the number '42'.")]
    [InlineData("assumePresent:\n  - cert-manager.io/v1\n", "2:5: 'cert-manager.io/v1' under 'assumePresent' is not a valid API group. Write the group of the CRDs as their apiVersion has it, without the version, such as 'cert-manager.io'.")]
    [InlineData("retryThreshold: 120\n", "1:17: The key 'retryThreshold' must be a duration such as '2m', but it is the number '120'.")]
    [InlineData("retryThreshold: soon\n", "1:17: The key 'retryThreshold' has the value 'soon', which is not a valid duration. Write it like '2m', '90s' or '1h30m'.")]
    [InlineData("limits:\n  maxDepth: 0\n", "2:13: The key 'limits.maxDepth' must be a whole number from 1 to 2147483647, but it is '0'.")]
    [InlineData("limits:\n  maxBytes: 5\n", "2:3: Unknown key 'limits.maxBytes'. The keys are 'maxFileBytes', 'maxDepth' and 'maxNodes'.")]
    [InlineData("limits: 5\n", "1:9: The key 'limits' must be a mapping with the keys 'maxFileBytes', 'maxDepth' and 'maxNodes', but it is the number '5'.")]
    [InlineData("- rules\n", "1:1: The file must be a mapping of keys such as 'rules' and 'exclude', but it is a list.")]
    [InlineData("rules: {}\n---\nexclude: []\n", "2:1: The file contains more than one YAML document. Put every key into one document.")]
    public void Invalid_config_names_file_line_column_and_key(string text, string expected)
    {
        using var repository = CaseCopies.Copy(MissingProvider).With("clusters/.fluxracelint.yaml", text);

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", "clusters");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe($"error: clusters/.fluxracelint.yaml:{expected}\n");
    }

    [Fact]
    public void Yaml_syntax_error_in_config_is_usage_error()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "rules:\n  FRL004: off\n rules: x\n");

        var (exitCode, _, error) = TestCli.Run(repository.Root, "check", ".");

        exitCode.ShouldBe(2);
        error.ShouldStartWith("error: .fluxracelint.yaml:3:");
    }

    [Fact]
    public void Empty_config_keeps_every_default()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "# nothing to change yet\n");

        var result = repository.Lint();

        result.ConfigurationFile.ShouldNotBeNull();
        result.Findings.Single().Level.ShouldBe(Severity.Error);
    }

    [Fact]
    public void Level_override_changes_level_and_exit_code()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "rules:\n  FRL001: note\n");

        var (exitCode, output, _) = TestCli.Run(repository.Root, "check", ".");

        output.ShouldStartWith($"{MessagingFile}:21:3: note FRL001 ");
        output.ShouldEndWith("Found 1 problem (1 note) in 1 file.\n");
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Rule_off_drops_its_findings()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "rules:\n  FRL001: off\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
        result.VerboseMessages.ShouldContain("rule FRL001 is off (configuration): dropped 1 finding");
    }

    [Fact]
    public void Exclude_drops_findings_of_matching_paths()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "exclude:\n  - clusters/*/messaging.yaml\n");

        var result = repository.Lint();

        result.Findings.ShouldBeEmpty();
        result.VerboseMessages.ShouldContain("exclude: dropped 1 finding in excluded paths");
    }

    [Fact]
    public void Excluded_files_are_not_read_by_the_scan()
    {
        const string broken = "templates/broken.yaml";
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(broken, "apiVersion: v1\nkind: ConfigMap\nmetadata: [unclosed\n")
            .With(".fluxracelint.yaml", "rules:\n  FRL001: off\n");
        var before = repository.Lint();
        before.Findings.ShouldContain(f => f.Location.Path == broken);

        repository.With(".fluxracelint.yaml", "rules:\n  FRL001: off\nexclude:\n  - templates/**\n");
        var after = repository.Lint();

        after.Findings.ShouldBeEmpty();
        after.FilesRead.ShouldBe(before.FilesRead - 1);
        after.VerboseMessages.ShouldContain("exclude: the scan skipped 1 matching YAML file");
    }

    [Theory]
    [InlineData("apps/legacy", "apps/legacy/web/deployment.yaml", true)]
    [InlineData("apps/legacy/", "apps/legacy/web/deployment.yaml", true)]
    [InlineData("./apps/legacy/**", "apps/legacy/deployment.yaml", true)]
    [InlineData("apps/*/values.yaml", "apps/web/values.yaml", true)]
    [InlineData("apps/*/values.yaml", "apps/web/base/values.yaml", false)]
    [InlineData("**/values.yaml", "values.yaml", true)]
    [InlineData("**/values.yaml", "apps/web/values.yaml", true)]
    [InlineData("apps/web?.yaml", "apps/web1.yaml", true)]
    [InlineData("apps/web?.yaml", "apps/web/.yaml", false)]
    [InlineData("apps/legacy", "apps/legacy-v2/deployment.yaml", false)]
    [InlineData("clusters/staging.yaml", "clusters/staging.yaml", true)]
    [InlineData("clusters/staging.yaml", "clusters/stagingXyaml", false)]
    public void Exclude_glob_matches_repository_relative_paths(string pattern, string path, bool matches)
    {
        var glob = PathGlob.TryCreate(pattern, out var error);

        error.ShouldBeNull();
        glob!.Matches(path).ShouldBe(matches);
    }

    [Fact]
    public void Assume_present_silences_a_missing_crd()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "assumePresent:\n  - queues.acme.example.com\n");

        var (exitCode, output, error) = TestCli.Run(repository.Root, "check", ".", "--verbose");

        output.ShouldBe("No problems found.\n");
        error.ShouldContain("verbose: assumed present: the CRDs of API group 'queues.acme.example.com', listed under assumePresent (configuration)\n");
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Assume_present_of_another_group_keeps_the_finding()
    {
        using var repository = CaseCopies.Copy(MissingProvider)
            .With(".fluxracelint.yaml", "assumePresent:\n  - cert-manager.io\n");

        repository.Lint().Findings.Single().Rule.Id.ShouldBe("FRL001");
    }

    [Fact]
    public void Retry_threshold_silences_FRL006()
    {
        using var repository = CaseCopies.Copy("fires-healthcheck-without-retry");
        repository.Lint().Findings.ShouldContain(f => f.Rule.Id == "FRL006");

        repository.With(".fluxracelint.yaml", "retryThreshold: 1h\n");

        repository.Lint().Findings.ShouldNotContain(f => f.Rule.Id == "FRL006");
    }

    [Fact]
    public void Limits_bound_the_files_read()
    {
        using var repository = CaseCopies.Copy(MissingProvider).With(".fluxracelint.yaml", "limits:\n  maxFileBytes: 64\n");

        var result = repository.Lint();

        result.Findings.ShouldContain(f => f.Rule.Id == "FRL000" && f.Message.Contains("more than the limit of 64 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Parser_reads_every_key()
    {
        var configuration = ConfigurationParser.Parse(
            "/repo/.fluxracelint.yaml",
            """
            rules:
              FRL004: off
              FRL006: error
            exclude:
              - apps/legacy/**
            assumePresent:
              - cert-manager.io
            retryThreshold: 90s
            limits:
              maxFileBytes: 1048576
              maxDepth: 64
              maxNodes: 100000
            """);

        configuration.Rules.ShouldBe(new Dictionary<string, RuleSetting> { ["FRL004"] = RuleSetting.Off, ["FRL006"] = RuleSetting.Error });
        configuration.Exclude.Select(g => g.Pattern).ShouldBe(["apps/legacy/**"]);
        configuration.AssumePresent.ShouldBe(["cert-manager.io"]);
        configuration.RetryThreshold.ShouldBe(TimeSpan.FromSeconds(90));
        configuration.MaxFileBytes.ShouldBe(1_048_576);
        configuration.MaxDepth.ShouldBe(64);
        configuration.MaxNodes.ShouldBe(100_000);
    }
}
