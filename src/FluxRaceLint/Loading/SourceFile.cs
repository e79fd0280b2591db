namespace FluxRaceLint.Loading;

/// <summary>One YAML document of a file.</summary>
public sealed record YDocument(SourceFile File, int Index, YNode? Root, Position Start);

/// <summary>A problem found while reading a file, which becomes an FRL000 finding.</summary>
public sealed record InputProblem(string Path, Position Start, Position End, string Message, string Help)
{
    /// <summary>Level of the FRL000 finding; a file that only looks like a template is a note.</summary>
    public Diagnostics.Severity Level { get; init; } = Diagnostics.Severity.Error;
}

/// <summary>A file of the repository, read and parsed once.</summary>
public sealed class SourceFile
{
    private string _text = "";
    private string[]? _lines;

    public SourceFile(string path)
    {
        Path = path;
    }

    /// <summary>Repository-relative path with '/' separators.</summary>
    public string Path { get; }

    public List<YDocument> Documents { get; } = [];

    /// <summary>The decoded text, kept to place the content of block scalars such as inline patches.</summary>
    public string Text
    {
        get => _text;
        set
        {
            _text = value;
            _lines = null;
        }
    }

    /// <summary>
    /// The lines of <see cref="Text"/>, split once, because every block scalar parsed from the file
    /// looks up its own line and a file can hold thousands of them.
    /// </summary>
    public IReadOnlyList<string> Lines => _lines ??= _text.Split('\n');

    public List<InputProblem> Problems { get; } = [];

    public override string ToString() => Path;
}
