using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FluxRaceLint.Loading;

/// <summary>
/// Builds <see cref="YNode"/> trees from YamlDotNet parser events. The builder keeps its own stack, so
/// deep nesting cannot overflow the call stack, and it never expands aliases.
/// </summary>
public static partial class YamlDocumentParser
{
    /// <param name="map">Moves positions of text embedded in another file (an inline patch) to that file.</param>
    /// <param name="origin">The file that mapped positions refer to; set on every node.</param>
    public static void Parse(SourceFile file, string text, ReadLimits limits, Func<Position, Position>? map = null, SourceFile? origin = null)
    {
        Position ToPosition(Mark mark) => map is null ? ToPositionRaw(mark) : map(ToPositionRaw(mark));

        if (FindNonPrintable(text) is { } bad)
        {
            var at = ToPosition(new Mark(bad.Index, bad.Line, bad.Column));
            file.Problems.Add(new InputProblem(
                file.Path,
                at,
                at,
                $"The file contains the control character U+{(int)text[bad.Index]:X4}, which YAML does not allow, so Kubernetes rejects it.",
                "Remove the character, or write it as an escape sequence inside a double-quoted string."));
            return;
        }

        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        var nodeCount = 0;
        YNode? documentRoot = null;
        var documentStart = new Position(1, 1);

        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                YNode? completed = null;
                switch (current)
                {
                    case DocumentStart start:
                        anchors.Clear();
                        documentRoot = null;
                        documentStart = ToPosition(start.Start);
                        break;
                    case DocumentEnd:
                        if (documentRoot is YScalar { IsNull: true })
                            documentRoot = null;
                        file.Documents.Add(new YDocument(file, file.Documents.Count, documentRoot, documentStart));
                        break;
                    case Scalar scalar:
                        completed = new YScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, ToPosition(scalar.Start), ToPosition(scalar.End));
                        Remember(anchors, scalar.Anchor, completed);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out completed))
                        {
                            file.Problems.Add(new InputProblem(
                                file.Path,
                                ToPosition(alias.Start),
                                ToPosition(alias.End),
                                $"The alias '*{alias.Value.Value}' refers to no anchor defined before it.",
                                "Define the anchor before the alias, or replace the alias with the value."));
                            return;
                        }

                        break;
                    case MappingStart mappingStart:
                        stack.Push(new Frame(true, ToPosition(mappingStart.Start), mappingStart.Anchor));
                        break;
                    case SequenceStart sequenceStart:
                        stack.Push(new Frame(false, ToPosition(sequenceStart.Start), sequenceStart.Anchor));
                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = stack.Pop();
                        completed = frame.Complete(ToPosition(current.End), origin ?? file);
                        Remember(anchors, frame.Anchor, completed);
                        break;
                }

                if (stack.Count > limits.MaxDepth)
                {
                    file.Problems.Add(new InputProblem(
                        file.Path,
                        ToPosition(current.Start),
                        ToPosition(current.End),
                        $"The YAML nests deeper than {limits.MaxDepth} levels, so the rest of the file was not read.",
                        "Flatten the document, or raise the depth limit if the nesting is intended."));
                    return;
                }

                if (completed is null)
                    continue;
                if (origin is not null)
                    completed.Origin = origin;

                if (++nodeCount > limits.MaxNodes)
                {
                    file.Problems.Add(new InputProblem(
                        file.Path,
                        completed.Start,
                        completed.End,
                        $"The file has more than {limits.MaxNodes} YAML nodes, so the rest of it was not read.",
                        "Split the file, or raise the node limit."));
                    return;
                }

                if (stack.Count == 0)
                    documentRoot = completed;
                else
                    stack.Peek().Add(completed);
            }
        }
        catch (YamlException exception)
        {
            // "While scanning a mapping, found invalid tab" marks the mapping at Start and the
            // offending character at End; the offending character is where the user must look.
            var at = ToPosition(exception.Message.Contains("found", StringComparison.Ordinal) && exception.End.Line >= exception.Start.Line
                ? exception.End
                : exception.Start);

            // YamlDotNet marks a tab used as indentation at the start of the enclosing mapping.
            if (exception.Message.Contains("tab", StringComparison.Ordinal) && FindIndentingTab(text) is { } tab)
                at = map is null ? tab : map(tab);
            file.Problems.Add(new InputProblem(
                file.Path,
                at,
                at,
                $"The YAML is invalid: {CleanMessage(exception.Message)}",
                "Fix the syntax at this position; the rest of the file was not read."));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet throws these, not YamlException, for some malformed input (an unclosed
            // flow sequence followed by a block mapping, for one).
            var at = parser.Current?.Start is { } mark ? ToPosition(mark) : new Position(1, 1);
            file.Problems.Add(new InputProblem(
                file.Path,
                at,
                at,
                $"The YAML is invalid: the parser stopped near this position ({exception.Message.TrimEnd('.')}).",
                "Fix the syntax near this position; the rest of the file was not read."));
        }
    }

    private static Position? FindIndentingTab(string text)
    {
        var line = 1;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var length = (end < 0 ? text.Length : end) - start;
            var spaces = 0;
            while (spaces < length && text[start + spaces] == ' ')
                spaces++;
            if (spaces < length && text[start + spaces] == '\t')
                return new Position(line, spaces + 1);
            if (end < 0)
                break;
            start = end + 1;
            line++;
        }

        return null;
    }

    /// <summary>Finds the first character outside YAML's printable set (tab, line breaks and U+0085 are allowed).</summary>
    private static (int Index, int Line, int Column)? FindNonPrintable(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            if (c is '\t' or '\r' or '\u0085')
                continue;
            if (c < '\u0020' || c == '\u007F' || (c >= '\u0080' && c < '\u00A0') || c is '\uFFFE' or '\uFFFF')
                return (i, line, i - lineStart + 1);
        }

        return null;
    }

    private static void Remember(Dictionary<string, YNode> anchors, AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty)
            anchors[anchor.Value] = node;
    }

    private static Position ToPositionRaw(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string CleanMessage(string message)
    {
        var text = PositionPrefix().Replace(message, "").Trim();
        if (text.Length == 0)
            text = "the parser gave no reason";
        return text.EndsWith('.') ? text : text + ".";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();

    private sealed class Frame
    {
        private readonly List<YNode> _items = [];

        public Frame(bool isMapping, Position start, AnchorName anchor)
        {
            IsMapping = isMapping;
            Start = start;
            Anchor = anchor;
        }

        public bool IsMapping { get; }

        public Position Start { get; }

        public AnchorName Anchor { get; }

        public void Add(YNode node) => _items.Add(node);

        public YNode Complete(Position end, SourceFile file)
        {
            if (!IsMapping)
                return new YSequence(_items, Start, end);

            var entries = new List<YEntry>(_items.Count / 2);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            List<YNode>? merges = null;
            for (var i = 0; i + 1 < _items.Count; i += 2)
            {
                // A complex key (a mapping or sequence used as a key) does not occur in Kubernetes
                // manifests. It is kept under its position so the document still loads.
                var key = _items[i] as YScalar ?? new YScalar($"<complex key at {_items[i].Start.Line}:{_items[i].Start.Column}>", false, _items[i].Start, _items[i].End);
                if (key is { IsPlain: true, Value: "<<" })
                {
                    merges ??= [];
                    merges.Add(_items[i + 1]);
                    continue;
                }

                if (!seen.Add(key.Value))
                {
                    file.Problems.Add(new InputProblem(
                        file.Path,
                        key.Start,
                        key.End,
                        $"The key '{key.Value}' appears more than once in this mapping; Kubernetes and kustomize reject the document.",
                        "Remove or rename one of the duplicate keys."));
                }

                entries.Add(new YEntry(key, _items[i + 1]));
            }

            if (merges is not null)
                ApplyMerges(entries, seen, merges);

            return new YMapping(entries, Start, end);
        }

        // YAML merge keys ('<<: *defaults') add the entries of the merged mappings that the mapping
        // does not set itself.
        private static void ApplyMerges(List<YEntry> entries, HashSet<string> seen, List<YNode> merges)
        {
            foreach (var merge in merges)
            {
                var sources = merge is YSequence sequence ? sequence.Items : [merge];
                foreach (var source in sources)
                {
                    if (source is not YMapping mapping)
                        continue;
                    foreach (var entry in mapping.Entries)
                    {
                        if (seen.Add(entry.Key.Value))
                            entries.Add(entry);
                    }
                }
            }
        }
    }
}
