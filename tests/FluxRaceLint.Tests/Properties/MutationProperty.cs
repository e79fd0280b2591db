using System.Globalization;
using System.Text;
using CsCheck;
using FluxRaceLint.Configuration;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Tests.Properties;

/// <summary>
/// Checks that the linter copes with any edit of a real repository: it writes a mutated copy to a
/// temporary folder and runs <see cref="Linter.Run"/> three times, twice with the default options
/// and once with <c>Parallel = false</c>. No exception may escape (but see <see cref="Assert"/> for
/// a mutated configuration file), every run must return within <see cref="TimeLimit"/>, and the
/// three runs must report the same findings.
/// </summary>
/// <remarks>
/// The cases come from CsCheck generators driven by one PCG stream, so every <c>dotnet test</c> run
/// checks the same cases in the same order. <c>new PCG(Stream, Seed)</c> starts the stream
/// (stream 7, seed 20261204), and each test takes its cases from its own copy of that stream.
/// To search longer, set FLUXRACELINT_PROPERTY_ITERATIONS to the number of cases per test. To start
/// from another point of the stream, set FLUXRACELINT_PROPERTY_SEED to a CsCheck seed, such as the
/// seed a failure printed.
/// A failing case is replayed by CsCheck's Sample from its seed for FLUXRACELINT_PROPERTY_SHRINK
/// iterations (default 100) on one thread, which reports the smallest failing case it finds.
/// </remarks>
internal static class MutationProperty
{
    public const uint Stream = 7;

    public const ulong Seed = 20_261_204;

    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Stack size of the thread that runs the library: 8 MiB, the Linux main thread's default (ulimit -s 8192), on which the CLI calls it.</summary>
    private const int StackBytes = 8 * 1024 * 1024;

    private static readonly Gen<Mutation[]> Mutations = Mutation.Gen.Array[1, 3];

    public static void Check(IReadOnlyList<BaseRepository> repositories, int defaultIterations, ITestOutputHelper output)
    {
        repositories.ShouldNotBeEmpty();
        var iterations = EnvironmentInt("FLUXRACELINT_PROPERTY_ITERATIONS") ?? defaultIterations;
        var seed = Environment.GetEnvironmentVariable("FLUXRACELINT_PROPERTY_SEED");
        var pcg = string.IsNullOrEmpty(seed) ? new PCG(Stream, Seed) : PCG.Parse(seed);
        var gen = Gen.Select(Gen.Int[0, repositories.Count - 1], Mutations, (repository, mutations) => new MutationCase(repository, mutations));
        string Print(MutationCase value) => Describe(repositories, value);

        var firstSeed = pcg.ToString(pcg.State);
        var invalid = 0;
        for (var i = 0; i < iterations; i++)
        {
            var caseSeed = pcg.ToString(pcg.State);
            var value = gen.Generate(pcg, null, out _);
            try
            {
                if (Assert(repositories, value).Any(f => f.Rule.Id == "FRL000"))
                    invalid++;
            }
            catch (Exception failure)
            {
                output.WriteLine($"case {i + 1} of {iterations} failed, seed {caseSeed}:\n{Print(value)}\n{failure}");
                var shrinkIterations = EnvironmentInt("FLUXRACELINT_PROPERTY_SHRINK") ?? 100;
                if (shrinkIterations <= 0)
                    throw new InvalidOperationException($"Case {i + 1} of {iterations} failed (seed {caseSeed}).\n{Print(value)}", failure);

                // Sample replays the seed first, then keeps the smallest case that still fails, and
                // throws with it and its seed.
                gen.Sample(c => { Assert(repositories, c); }, seed: caseSeed, iter: shrinkIterations, threads: 1, print: Print, writeLine: output.WriteLine);
                throw new InvalidOperationException($"Case {i + 1} of {iterations} failed (seed {caseSeed}), but passed when CsCheck replayed it, so the failure depends on timing.\n{Print(value)}", failure);
            }
        }

        output.WriteLine($"{iterations} mutated repositories checked from seed {firstSeed}; {invalid} of them have an FRL000 finding.");
    }

    /// <summary>Writes the mutated repository, checks the three runs and returns the findings of the first.</summary>
    /// <remarks>
    /// A mutated configuration file may make every run throw <see cref="ConfigurationException"/>,
    /// the error that the CLI reports with exit code 2. Then the three runs must throw the same message.
    /// </remarks>
    public static IReadOnlyList<Finding> Assert(IReadOnlyList<BaseRepository> repositories, MutationCase value)
    {
        var repository = repositories[value.Repository];
        var changed = Mutator.Apply(repository, value.Mutations);
        using var temporary = new TempRepository();
        foreach (var (path, content) in repository.Files)
            temporary.WithBytes(path, changed.GetValueOrDefault(path) ?? content);

        var configurationChanged = changed.Keys.Any(path => RepositoryFiles.FileName(path) == ConfigurationParser.FileName);
        var options = new LintOptions { Path = temporary.Root, RepositoryRoot = temporary.Root };
        var (result, first) = RunBounded(options, configurationChanged);
        var (_, second) = RunBounded(options, configurationChanged);
        var (_, serial) = RunBounded(options with { Parallel = false }, configurationChanged);
        if (first != second)
            throw new InvalidOperationException($"Two runs with the same options reported different findings.\nfirst:\n{first}\nsecond:\n{second}");
        if (first != serial)
            throw new InvalidOperationException($"Parallel = false reported other findings than the default.\ndefault:\n{first}\nParallel = false:\n{serial}");
        return result?.Findings ?? [];
    }

    /// <summary>
    /// Runs the linter on its own thread and returns its result with the findings as text. It fails
    /// when the run takes longer than <see cref="TimeLimit"/> or throws, except for a
    /// <see cref="ConfigurationException"/> when <paramref name="configurationChanged"/>, whose
    /// message is then returned in place of the findings.
    /// </summary>
    private static (LintResult? Result, string Text) RunBounded(LintOptions options, bool configurationChanged)
    {
        LintResult? result = null;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = Linter.Run(options);
                }
                catch (Exception exception)
                {
                    error = exception;
                }
            },
            StackBytes)
        {
            IsBackground = true,
            Name = "Linter.Run under a time limit",
        };
        thread.Start();

        // NOTE: a run that hangs keeps its background thread busy until the test host exits.
        if (!thread.Join(TimeLimit))
            throw new TimeoutException($"Linter.Run did not return within {TimeLimit.TotalSeconds} s.");
        if (error is ConfigurationException configurationError && configurationChanged)
            return (null, $"configuration error: {configurationError.Format(configurationError.File)}\n");
        if (error is not null)
            throw new InvalidOperationException($"Linter.Run threw {error.GetType().Name}: {error.Message}", error);
        return (result, Render(result!));
    }

    private static string Render(LintResult result)
    {
        var text = new StringBuilder();
        foreach (var finding in result.Findings)
        {
            var location = finding.Location;
            text.Append(CultureInfo.InvariantCulture, $"{location.Path}:{location.Line}:{location.Column}-{location.EndLine}:{location.EndColumn} {finding.Level} {finding.Rule.Id} {finding.Message} | help: {finding.Help} | subject: {finding.Subject}\n");
            foreach (var related in finding.Related)
                text.Append(CultureInfo.InvariantCulture, $"  {related.Span.Path}:{related.Span.Line}:{related.Span.Column} {related.Message}\n");
        }

        return text.ToString();
    }

    /// <summary>Describes a case as the repository, its mutations and the start of each mutated file, for a failure message.</summary>
    public static string Describe(IReadOnlyList<BaseRepository> repositories, MutationCase value)
    {
        var repository = repositories[value.Repository];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"repository '{repository.Name}', mutations: {string.Join(", ", value.Mutations.Select(m => m.ToString()))}\n");
        foreach (var (path, content) in Mutator.Apply(repository, value.Mutations))
        {
            var preview = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 4000));
            text.Append(CultureInfo.InvariantCulture, $"--- {path} ({content.Length} bytes){(content.Length > 4000 ? ", first 4000 shown" : "")}:\n{preview}\n");
        }

        return text.ToString();
    }

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
