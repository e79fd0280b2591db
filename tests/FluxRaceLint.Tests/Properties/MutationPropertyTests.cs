namespace FluxRaceLint.Tests.Properties;

/// <summary>
/// Property tests over mutated copies of real repositories: the fixtures under testdata/ and, when
/// the machine has it, a corpus of public Flux repositories beside this repository. Each case must
/// lint without an exception, within the time limit, and with the same findings in every run. The
/// two tests check 200 cases together by default. <see cref="MutationProperty"/> gives the seed and
/// the variables for a longer search.
/// </summary>
public sealed class MutationPropertyTests
{
    private const int TestdataIterations = 150;

    private const int CorpusIterations = 50;

    private static readonly Lazy<IReadOnlyList<BaseRepository>> TestdataRepositories = new(ReadTestdata);

    private static readonly Lazy<IReadOnlyList<BaseRepository>> CorpusRepositories = new(ReadCorpus);

    private readonly ITestOutputHelper _output;

    public MutationPropertyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>The corpus folder beside the repository root, with one repository per subfolder.</summary>
    internal static string CorpusPath => Path.GetFullPath(Path.Combine(TestPaths.ProjectRoot, "..", "shared", "corpus"));

    [Fact]
    public void Mutated_fixtures_lint_deterministically() =>
        MutationProperty.Check(TestdataRepositories.Value, TestdataIterations, _output);

    [CorpusFact]
    public void Mutated_corpus_lints_deterministically() =>
        MutationProperty.Check(CorpusRepositories.Value, CorpusIterations, _output);

    /// <summary>Every fixture that has an expected-output file, in ordinal order.</summary>
    private static IReadOnlyList<BaseRepository> ReadTestdata()
    {
        var fixtures = Directory.EnumerateFiles(TestPaths.Testdata, "*.expected.txt", SearchOption.AllDirectories)
            .Select(expected => expected[..^".expected.txt".Length])
            .Where(Directory.Exists)
            .Order(StringComparer.Ordinal);
        return [.. fixtures.Select(fixture => BaseRepository.Read(TestPaths.Testdata, fixture))];
    }

    private static IReadOnlyList<BaseRepository> ReadCorpus() =>
        [.. Directory.EnumerateDirectories(CorpusPath).Order(StringComparer.Ordinal).Select(directory => BaseRepository.Read(CorpusPath, directory))];
}

/// <summary>A fact that is skipped when the corpus folder does not exist.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (!Directory.Exists(MutationPropertyTests.CorpusPath))
            Skip = $"No corpus of Flux repositories at '{MutationPropertyTests.CorpusPath}'.";
    }
}
