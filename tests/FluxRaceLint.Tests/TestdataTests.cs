namespace FluxRaceLint.Tests;

/// <summary>
/// Runs 'check' on every fixture repository under testdata/ and compares the output with the
/// '.expected.txt' file beside it. FLUXRACELINT_UPDATE_EXPECTED=1 rewrites the expected files.
/// </summary>
public sealed class TestdataTests
{
    private readonly ITestOutputHelper _output;

    public TestdataTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var group in Directory.GetDirectories(TestPaths.Testdata).Order(StringComparer.Ordinal))
        {
            foreach (var fixture in Directory.GetDirectories(group).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(fixture);
                if (name.StartsWith("fires-", StringComparison.Ordinal) || name.StartsWith("ok-", StringComparison.Ordinal))
                    data.Add(Path.GetRelativePath(TestPaths.Testdata, fixture).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_output_matches_expected_file(string fixture)
    {
        var directory = Path.Combine(TestPaths.Testdata, fixture);
        var expectedPath = directory + ".expected.txt";

        var (exitCode, output, error) = TestCli.Run(directory, "check", ".");
        _output.WriteLine(output);
        _output.WriteLine(error);

        if (TestPaths.UpdateExpected)
            File.WriteAllText(expectedPath, output);
        File.Exists(expectedPath).ShouldBeTrue($"missing {expectedPath}; run with FLUXRACELINT_UPDATE_EXPECTED=1 to create it");
        output.ShouldBe(File.ReadAllText(expectedPath));
        error.ShouldBeEmpty();
        exitCode.ShouldBe(Path.GetFileName(fixture).StartsWith("fires-", StringComparison.Ordinal) ? 1 : 0);
    }
}
