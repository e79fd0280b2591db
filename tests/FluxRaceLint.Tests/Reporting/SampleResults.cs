using System.Reflection;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

/// <summary>A hand-built lint result: three files, related locations, an FRL000 and every level.</summary>
internal static class SampleResults
{
    public const string RepositoryRoot = "/repos/fleet";

    public const string BrokenFile = "apps/podinfo/broken values.yaml";

    public const string AppsFile = "clusters/prod/apps.yaml";

    public const string InfrastructureFile = "clusters/prod/infrastructure.yaml";

    public const string ControllersFile = "infrastructure/controllers/cert-manager.yaml";

    public static readonly ReportContext Context = new(RepositoryRoot + "/clusters", "0.1.0");

    /// <summary>Builds the sample; <paramref name="lineShift"/> moves every line down, as an edit above would.</summary>
    public static LintResult Create(int lineShift = 0, string lintPath = RepositoryRoot + "/clusters/prod")
    {
        SourceSpan At(string path, int line, int column, int endColumn) =>
            new(path, line + lineShift, column, line + lineShift, endColumn);

        Finding[] findings =
        [
            new(
                RuleCatalog.InvalidManifest,
                Severity.Error,
                At(BrokenFile, 7, 9, 10),
                "File 'apps/podinfo/broken values.yaml' is not valid YAML: mapping values are not allowed here.",
                "Fix the YAML syntax at the reported position.",
                [],
                "yaml-syntax"),
            new(
                RuleCatalog.CustomResourceBeforeDefinition,
                Severity.Error,
                At(AppsFile, 12, 5, 23),
                "Kustomization 'flux-system/apps' applies a 'Certificate' whose CRD is installed by HelmRelease " +
                "'cert-manager/cert-manager', but does not depend on it.",
                "Add 'infra-controllers' to spec.dependsOn.",
                [
                    new RelatedLocation(At(ControllersFile, 3, 1, 20), "HelmRelease 'cert-manager/cert-manager' installs the CRD."),
                    new RelatedLocation(At(InfrastructureFile, 2, 3, 30), "Kustomization 'flux-system/infra-controllers' applies it."),
                ],
                "flux-system/apps|certificates.cert-manager.io"),
            new(
                RuleCatalog.DependencyWithoutWait,
                Severity.Warning,
                At(InfrastructureFile, 5, 3, 20),
                "Kustomization 'flux-system/infra-controllers' is a dependency of 'flux-system/apps' but waits for nothing.",
                "Set 'spec.wait: true' or list the HelmReleases in spec.healthChecks.",
                [],
                "flux-system/infra-controllers"),
            new(
                RuleCatalog.RetryIntervalMissing,
                Severity.Note,
                At(InfrastructureFile, 9, 3, 16),
                "Kustomization 'flux-system/infra-controllers' retries only after its interval of '1h'.",
                "Set spec.retryInterval to '2m'.",
                [],
                "flux-system/infra-controllers"),
        ];

        return new LintResult
        {
            RepositoryRoot = RepositoryRoot,
            LintPath = lintPath,
            Findings = findings,
            VerboseMessages = [],
            FilesRead = 5,
            ClusterCount = 1,
        };
    }

    public static LintResult CreateClean() => WithFindings();

    /// <summary>Builds a result for the whole repository with exactly <paramref name="findings"/>.</summary>
    public static LintResult WithFindings(params Finding[] findings) => new()
    {
        RepositoryRoot = RepositoryRoot,
        LintPath = RepositoryRoot,
        Findings = findings,
        VerboseMessages = [],
        FilesRead = 5,
        ClusterCount = 1,
    };

    public static string Write(IReportWriter writer, LintResult result, ReportContext? context = null)
    {
        using var output = new StringWriter();
        writer.Write(result, output, context ?? Context);
        return output.ToString();
    }

    /// <summary>Version of the library as the CLI reports it.</summary>
    public static string ToolVersion =>
        typeof(SarifReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    /// <summary>Returns the path of a golden file in the source tree, so an update rewrites the checked-in copy.</summary>
    public static string ExpectedFile(string name) =>
        Path.Combine(TestPaths.ProjectRoot, "tests", "FluxRaceLint.Tests", "Reporting", "Expected", name);
}
