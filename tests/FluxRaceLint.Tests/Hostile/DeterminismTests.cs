using System.Text;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// One repository with many hostile files at once: two runs give byte-identical reports, a
/// sequential run gives the same as a parallel one, and only the requested output files are written.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    private readonly TempRepository _repository;

    private readonly string _outputFolder = Path.Combine(Path.GetTempPath(), "fluxracelint-hostile-output", Guid.NewGuid().ToString("N"));

    public DeterminismTests()
    {
        _repository = new TempRepository().WithRacy();
        var head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n";
        for (var i = 0; i < 20; i++)
        {
            _repository
                .With($"bad/{i}/quote.yaml", head + "  name: \"broken\n")
                .With($"bad/{i}/tab.yaml", head + "\tname: tab\n")
                .With($"bad/{i}/flow.yaml", head + "  name: demo\n  labels: [a, b\n  namespace: c\n")
                .With($"bad/{i}/duplicate.yaml", head + "  name: one\n  name: two\n")
                .With($"bad/{i}/deep.yaml", "x: " + new string('[', 1_000) + new string(']', 1_000) + "\n")
                .With($"bad/{i}/template.yaml", "{{- if .Values.on }}\na: {{ .Values.a }\n{{- end }}\n")
                .With($"bad/{i}/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - missing.yaml\n  - ../../../../x\n  - quote.yaml\n")
                .WithBytes($"bad/{i}/binary.yaml", [0x61, 0x00, 0x62])
                .WithBytes($"bad/{i}/latin1.yaml", [0x61, 0x3A, 0x20, 0xE9, 0x0A])
                .With($"racy/k{i}.yaml", Racy.Kustomization.Replace("name: web", $"name: k{i}", StringComparison.Ordinal).Replace("name: database", $"name: missing-{i}", StringComparison.Ordinal));
            File.CreateSymbolicLink(Path.Combine(_repository.Root, $"bad/{i}/loop.yaml"), "loop.yaml");
            File.CreateSymbolicLink(Path.Combine(_repository.Root, $"bad/{i}/outside.yaml"), "/etc/hostname");
        }

        Directory.CreateDirectory(_outputFolder);
    }

    public void Dispose()
    {
        _repository.Dispose();
        Directory.Delete(_outputFolder, recursive: true);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("github")]
    public void Two_runs_print_byte_identical_reports(string format)
    {
        var first = Hostile.RunCli(_repository.Root, "check", ".", "--repo-root", _repository.Root, "--format", format);
        var second = Hostile.RunCli(_repository.Root, "check", ".", "--repo-root", _repository.Root, "--format", format);

        first.ExitCode.ShouldBe(1, first.Error);
        Encoding.UTF8.GetBytes(second.Output).ShouldBe(Encoding.UTF8.GetBytes(first.Output));
        second.Error.ShouldBe(first.Error);
    }

    [Fact]
    public void Process_and_in_process_cli_agree()
    {
        var process = Hostile.RunProcess(_repository.Root, "check", ".", "--repo-root", _repository.Root, "--format", "json");
        var inProcess = Hostile.RunCli(_repository.Root, "check", ".", "--repo-root", _repository.Root, "--format", "json");

        process.ExitCode.ShouldBe(1, process.Error);
        process.Output.ShouldBe(inProcess.Output);
    }

    [Fact]
    public void Sequential_run_matches_parallel_run()
    {
        var parallel = Hostile.Lint(_repository);
        var sequential = Hostile.Lint(_repository, new LintOptions { Path = _repository.Root, Parallel = false });

        Hostile.ShouldReportRacy(parallel);
        foreach (var format in ReportWriters.Formats)
            Render(sequential, format).ShouldBe(Render(parallel, format), $"the {format} reports differ");
        WithoutTimings(sequential.VerboseMessages).ShouldBe(WithoutTimings(parallel.VerboseMessages));
        sequential.FilesRead.ShouldBe(parallel.FilesRead);
        sequential.ClusterCount.ShouldBe(parallel.ClusterCount);
    }

    [Fact]
    public void Only_the_requested_output_files_are_written()
    {
        var before = Hostile.Snapshot(_repository.Root);
        string[] args =
        [
            "check", ".", "--repo-root", _repository.Root,
            "--format", "json", "--output", Path.Combine(_outputFolder, "report.json"),
            "--format", "sarif", "--output", Path.Combine(_outputFolder, "report.sarif"),
            "--format", "github", "--output", Path.Combine(_outputFolder, "report.txt"),
        ];

        var first = Hostile.RunCli(_repository.Root, args);
        var firstFiles = Directory.GetFiles(_outputFolder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var second = Hostile.RunCli(_repository.Root, args);

        first.ExitCode.ShouldBe(1, first.Error);
        second.ExitCode.ShouldBe(1, second.Error);
        Directory.GetFileSystemEntries(_outputFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["report.json", "report.sarif", "report.txt"]);
        Directory.GetFiles(_outputFolder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList().ShouldBe(firstFiles);
        Hostile.Snapshot(_repository.Root).ShouldBe(before);
    }

    private string Render(LintResult result, string format)
    {
        using var output = new StringWriter();
        ReportWriters.Create(format)!.Write(result, output, new ReportContext(_repository.Root, "0.0.0-test"));
        return output.ToString();
    }

    /// <summary>Drops the summary line with elapsed milliseconds, the one part of the log that varies between runs.</summary>
    private static List<string> WithoutTimings(IEnumerable<string> lines) =>
        [.. lines.Where(line => !line.Contains(" ms", StringComparison.Ordinal))];
}
