using System.Text;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Hostile .sourceignore files: patterns that backtrack, do not compile or are very many.</summary>
public sealed class IgnoreFileTests
{
    [Fact]
    public void Backtracking_patterns_do_not_stall_the_run()
    {
        // Each '*' becomes '[^/]*', so ten of them around 'a' backtrack for long on a name of many a's without the 'b'.
        var name = new string('a', 200);
        using var repository = new TempRepository().WithRacy()
            .With(".sourceignore", string.Concat(Enumerable.Repeat("*a", 10)) + "*b\n" + string.Concat(Enumerable.Repeat("**/", 10)) + "b\n");
        for (var i = 0; i < 100; i++)
            repository.With($"many/{name}{i}/{name}.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");

        Hostile.Check(repository);
    }

    [Fact]
    public void Patterns_that_are_not_valid_globs()
    {
        using var repository = new TempRepository().WithRacy()
            .With(".sourceignore", "[\n]\n[z-a]\n[!]\n\\\n!\n/\n!racy/\n[[:alpha:]]\n\\[\n[\\]\n");

        Hostile.Check(repository);
    }

    [Fact]
    public void Ignored_folder_gives_no_finding()
    {
        using var repository = new TempRepository().WithRacy()
            .With(".sourceignore", "bad/\n")
            .With("bad/broken.yaml", "a: [\n");

        Hostile.Check(repository).Result.ShouldHaveNoFindingFor("bad/broken.yaml");
    }

    [Fact]
    public void Hundred_thousand_patterns()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
            text.Append("ignored-").Append(i).Append("/*.yaml\n");
        using var repository = new TempRepository().WithRacy().With(".sourceignore", text.ToString());
        for (var i = 0; i < 20; i++)
            repository.With($"folder{i}/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");

        Hostile.Check(repository);
    }

    [Fact]
    public void Ignore_file_that_is_binary()
    {
        var bytes = new byte[64 * 1024];
        new Random(3).NextBytes(bytes);
        using var repository = new TempRepository().WithRacy().WithBytes(".sourceignore", bytes);

        Hostile.Check(repository);
    }
}
