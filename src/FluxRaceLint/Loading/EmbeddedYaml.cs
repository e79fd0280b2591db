namespace FluxRaceLint.Loading;

/// <summary>
/// YAML held in a string of another document: an inline patch, the values in a ConfigMap key, or a
/// file that a kustomize generator puts into a ConfigMap. Parsed nodes keep positions in the file
/// where the text was written, so findings on them point there.
/// </summary>
public static class EmbeddedYaml
{
    /// <summary>
    /// Returns a string node that contains the whole text of <paramref name="file"/>, as a kustomize
    /// generator embeds it. It starts at line 1, column 1 of that file, where no value of a mapping
    /// can start, which is how <see cref="IsWholeFile"/> recognises it.
    /// </summary>
    public static YScalar WholeFile(SourceFile file, string text)
    {
        var lines = text.Split('\n');
        var end = new Position(lines.Length, lines[^1].Length + 1);
        return new YScalar(text, false, new Position(1, 1), end) { Origin = file };
    }

    public static bool IsWholeFile(YScalar text) => text.Origin is not null && text.Start == new Position(1, 1);

    /// <summary>
    /// Parses the text of <paramref name="text"/>. Its nodes get positions in the file that holds it:
    /// a whole embedded file maps one to one, and a block scalar's content starts on the line after
    /// its indicator, at the content's indentation. Any other scalar puts every node at its own start.
    /// </summary>
    public static YNode? Parse(SourceFile owner, YScalar text, List<InputProblem> problems, ReadLimits limits)
    {
        var file = text.Origin ?? owner;
        if (IsWholeFile(text))
            return Parse(file, text.Value, null, problems, limits);

        var lines = file.Lines;
        var startLine = text.Start.Line;
        var indicator = startLine - 1 < lines.Count && text.Start.Column - 1 < lines[startLine - 1].Length
            ? lines[startLine - 1][text.Start.Column - 1]
            : ' ';
        Func<Position, Position> map;
        if (indicator is '|' or '>')
        {
            var indent = 0;
            for (var i = startLine; i < lines.Count; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0)
                    continue;
                indent = line.Length - line.TrimStart(' ').Length;
                break;
            }

            map = p => new Position(startLine + p.Line, p.Column + indent);
        }
        else
        {
            map = _ => text.Start;
        }

        return Parse(file, text.Value, map, problems, limits);
    }

    /// <summary>
    /// Parses <paramref name="decoded"/>, text that the file contains in encoded form (base64 Secret
    /// data), so every node is placed at the start of <paramref name="encoded"/>.
    /// </summary>
    public static YNode? ParseDecoded(SourceFile owner, YScalar encoded, string decoded, List<InputProblem> problems, ReadLimits limits) =>
        Parse(encoded.Origin ?? owner, decoded, _ => encoded.Start, problems, limits);

    private static YNode? Parse(SourceFile file, string text, Func<Position, Position>? map, List<InputProblem> problems, ReadLimits limits)
    {
        var scratch = new SourceFile(file.Path) { Text = text };
        YamlDocumentParser.Parse(scratch, text, limits, map, file);
        problems.AddRange(scratch.Problems);
        return scratch.Documents.FirstOrDefault()?.Root;
    }
}
