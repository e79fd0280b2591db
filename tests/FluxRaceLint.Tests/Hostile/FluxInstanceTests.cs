namespace FluxRaceLint.Tests.Hostile;

/// <summary>
/// Flux Operator FluxInstances whose spec.sync.path is not a folder of the repository. None of them
/// may give a cluster root, and --verbose names the reason for each.
/// </summary>
public sealed class FluxInstanceTests
{
    private static string Instance(string sync) =>
        $"apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n{sync}\n";

    [Theory]
    [InlineData("    path: ../racy", "which is not a folder of this repository")]
    [InlineData("    path: racy/../../racy", "which is not a folder of this repository")]
    [InlineData("    path: /etc", "which is not a folder of this repository")]
    [InlineData("    path: racy/web.yaml", "which is not a folder of this repository")]
    [InlineData("    path: ${CLUSTER_PATH}", "whose variable the linter cannot resolve")]
    [InlineData("    path: \"racy\\u0000\"", "which is not a folder of this repository")]
    public void Sync_path_outside_the_folders(string sync, string note)
    {
        using var repository = new TempRepository().WithRacy().With("flux/instance.yaml", Instance(sync));

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldContain(
            line => line.StartsWith("FluxInstance 'flux-system/flux' (flux/instance.yaml) syncs the path", StringComparison.Ordinal) && line.EndsWith($"{note}, so it gives no cluster root", StringComparison.Ordinal),
            string.Join('\n', outcome.Result.VerboseMessages));
        outcome.Output.ShouldContain("exists in cluster '.', so it waits forever");
    }

    [Theory]
    [InlineData("    path: [racy]")]
    [InlineData("    path: {a: 1}")]
    [InlineData("    path: 42")]
    [InlineData("    path:")]
    [InlineData("    path: ''")]
    public void Sync_path_of_another_type(string sync)
    {
        using var repository = new TempRepository().WithRacy().With("flux/instance.yaml", Instance(sync));

        var outcome = Hostile.Check(repository);

        outcome.Output.ShouldContain("exists in cluster '.', so it waits forever");
    }

    [Theory]
    [InlineData("    path: .")]
    [InlineData("    path: ./")]
    [InlineData("    path: /")]
    public void Sync_path_is_repository_root(string sync)
    {
        using var repository = new TempRepository().WithRacy().With("flux/instance.yaml", Instance(sync));

        var outcome = Hostile.Check(repository);

        outcome.Result.VerboseMessages.ShouldContain(line => line.StartsWith("cluster '.': FluxInstance 'flux-system/flux'", StringComparison.Ordinal));
        outcome.Output.ShouldContain("exists in cluster '.', so it waits forever");
    }
}
