namespace FluxRaceLint.Tests.Configuration;

/// <summary>Copies a fixture of testdata/cases into a temporary repository, so a test can add files to it.</summary>
internal static class CaseCopies
{
    public static TempRepository Copy(string fixture)
    {
        var source = Path.Combine(TestPaths.Testdata, "cases", fixture);
        var repository = new TempRepository();
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            repository.With(Path.GetRelativePath(source, file), File.ReadAllText(file));
        return repository;
    }

    /// <summary>Returns the file's text with <paramref name="line"/> (1-based) replaced.</summary>
    public static string ReplaceLine(TempRepository repository, string path, int line, string text)
    {
        var lines = File.ReadAllText(Path.Combine(repository.Root, path)).Split('\n');
        lines[line - 1] = text;
        return string.Join('\n', lines);
    }

    /// <summary>Returns the file's text with <paramref name="text"/> inserted before <paramref name="line"/> (1-based).</summary>
    public static string InsertLine(TempRepository repository, string path, int line, string text)
    {
        var lines = File.ReadAllText(Path.Combine(repository.Root, path)).Split('\n').ToList();
        lines.Insert(line - 1, text);
        return string.Join('\n', lines);
    }
}
