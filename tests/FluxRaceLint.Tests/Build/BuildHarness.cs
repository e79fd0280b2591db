using FluxRaceLint.Build;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Build;

/// <summary>Builds one folder of a temporary repository with <see cref="KustomizeBuilder"/> and reads fields of the result.</summary>
internal static class BuildHarness
{
    public static (BuildOutput Output, IReadOnlyList<string> Log) Build(TempRepository repository, string directory)
    {
        var log = new RunLog();
        var files = new RepositoryFiles(repository.Root, ReadLimits.Default, log);
        var output = new KustomizeBuilder(files, log).Build(directory);
        return (output, log.Lines());
    }

    public static BuiltObject Single(this BuildOutput output, string kind, string name) =>
        output.Objects.ShouldHaveSingleItem(o => o.Object.Kind == kind && o.Object.Name == name);

    private static BuiltObject ShouldHaveSingleItem(this IReadOnlyList<BuiltObject> objects, Func<BuiltObject, bool> match)
    {
        var found = objects.Where(match).ToList();
        found.Count.ShouldBe(1, $"objects: {string.Join(", ", objects.Select(o => $"{o.Object.Kind}/{o.Name}"))}");
        return found[0];
    }

    /// <summary>Returns the scalar at a kustomize field path, or null when there is none.</summary>
    public static string? Text(this BuiltObject built, string path) =>
        (FieldPath.Parse(path)!.Lookup(built.Object.Root) as YScalar)?.Value;

    public static YNode? Node(this BuiltObject built, string path) => FieldPath.Parse(path)!.Lookup(built.Object.Root);
}
