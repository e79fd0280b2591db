using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// Reads the data of one configMapGenerator or secretGenerator entry: 'files' ([key=]path, the key
/// defaulting to the file name), 'envs' and the older 'env' (KEY=VALUE lines) and 'literals' (KEY=VALUE).
/// </summary>
internal sealed class GeneratorReader
{
    private readonly RepositoryFiles _files;
    private readonly string _directory;
    private readonly YMapping _generator;
    private readonly Dictionary<string, string> _unreadKeys = new(StringComparer.Ordinal);

    public GeneratorReader(RepositoryFiles files, string directory, YMapping generator)
    {
        _files = files;
        _directory = directory;
        _generator = generator;
    }

    /// <summary>Keys whose file could not be read, with the reason.</summary>
    public IReadOnlyDictionary<string, string> UnreadKeys => _unreadKeys;

    public List<YEntry> ReadData()
    {
        var data = new List<YEntry>();
        foreach (var source in Fields.Sequence(_generator, "files")?.Items.OfType<YScalar>() ?? [])
        {
            var separator = source.Value.IndexOf('=', StringComparison.Ordinal);
            var reference = separator < 0 ? source.Value.Trim() : source.Value[(separator + 1)..].Trim();
            var key = separator < 0 ? RepositoryFiles.FileName(reference.Replace('\\', '/')) : source.Value[..separator].Trim();
            var file = ReadFile(reference);
            if (file.Text is { } text)
            {
                data.Add(new YEntry(KeyAt(source, key), EmbeddedYaml.WholeFile(file.Source, text)));
            }
            else
            {
                _unreadKeys[key] = file.Failure!;
                data.Add(new YEntry(KeyAt(source, key), Unknown(source, UnknownValue.Data)));
            }
        }

        var envs = Fields.Sequence(_generator, "envs")?.Items.OfType<YScalar>().ToList() ?? [];
        if (Fields.String(_generator, "env") is { } env)
            envs.Insert(0, (YScalar)env.Node);
        foreach (var source in envs)
        {
            var file = ReadFile(source.Value.Trim());
            if (file.Text is not { } text)
            {
                // The env file's keys are unknown, so the object may have keys beyond those listed.
                data.Add(new YEntry(KeyAt(source, UnknownValue.MoreKeys), Unknown(source, UnknownValue.Data)));
                continue;
            }

            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                var separator = line.IndexOf('=', StringComparison.Ordinal);
                if (line.TrimStart().StartsWith('#') || separator == 0 || line.Trim().Length == 0)
                    continue;
                var at = new Position(i + 1, 1);
                var end = new Position(i + 1, line.Length + 1);

                // A line without '=' takes its value from kustomize's own environment, which the linter cannot see.
                var key = new YScalar((separator < 0 ? line : line[..separator]).Trim(), true, at, end) { Origin = file.Source };
                var value = separator < 0 ? UnknownValue.Data : line[(separator + 1)..];
                data.Add(new YEntry(key, new YScalar(value, false, at, end) { Origin = file.Source }));
            }
        }

        foreach (var literal in Fields.Sequence(_generator, "literals")?.Items.OfType<YScalar>() ?? [])
        {
            var separator = literal.Value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                // kustomize fails the build on a literal that is not KEY=VALUE, so the keys are unknown.
                data.Add(new YEntry(KeyAt(literal, UnknownValue.MoreKeys), Unknown(literal, UnknownValue.Data)));
                continue;
            }

            // kustomize removes one pair of matching quotes around a literal value.
            var value = literal.Value[(separator + 1)..];
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
                value = value[1..^1];
            data.Add(new YEntry(KeyAt(literal, literal.Value[..separator].Trim()), new YScalar(value, false, literal.Start, literal.End) { Origin = literal.Origin }));
        }

        return data;
    }

    private sealed record DataFile(SourceFile Source, string? Text, string? Failure);

    /// <summary>
    /// Reads a file that the generator lists. A file that is not in the repository fails the kustomize
    /// build, but it may also be one that a partial copy of the repository leaves out, so it only
    /// makes the key unread.
    /// </summary>
    private DataFile ReadFile(string reference)
    {
        var path = RepositoryFiles.Join(_directory, reference);
        if (path is null)
            return new DataFile(new SourceFile(reference), null, $"comes from '{reference}', outside the repository");

        switch (_files.GetKind(path))
        {
            case EntryKind.File:
                var text = _files.ReadText(path, out var failure);
                return new DataFile(new SourceFile(path) { Text = text ?? "" }, text, failure is null ? null : $"comes from '{path}', which could not be read: {failure.TrimEnd('.')}");
            case EntryKind.Directory:
                return new DataFile(new SourceFile(path), null, $"comes from the folder '{path}', whose files the linter does not read");
            default:
                return new DataFile(new SourceFile(path), null, $"comes from '{path}', which is not in the repository");
        }
    }

    private static YScalar Unknown(YScalar source, string value) => new(value, false, source.Start, source.End) { Origin = source.Origin };

    private static YScalar KeyAt(YScalar source, string key) => new(key, true, source.Start, source.End) { Origin = source.Origin };
}
