using FluxRaceLint.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FluxRaceLint.Configuration;

/// <summary>
/// Replays a <see cref="YNode"/> tree as YamlDotNet parser events, so that YamlDotNet's representation
/// model loads exactly what the project's own parser read (merge keys applied, tags dropped) with the
/// same positions. An alias is replayed as a copy of its anchored node, so the events are counted and
/// the replay stops with <see cref="TooLargeException"/> past <c>maxNodes</c>.
/// </summary>
internal sealed class NodeEventParser : IParser
{
    private readonly List<ParsingEvent> _events = [];
    private int _next;

    public NodeEventParser(YNode root, int maxNodes)
    {
        _events.Add(new StreamStart());
        _events.Add(new DocumentStart());
        var pending = new Stack<(YNode Node, bool Closing)>();
        pending.Push((root, false));
        var nodes = 0;
        while (pending.Count > 0)
        {
            var (node, closing) = pending.Pop();
            if (closing)
            {
                _events.Add(node is YMapping ? new MappingEnd(ToMark(node.End), ToMark(node.End)) : new SequenceEnd(ToMark(node.End), ToMark(node.End)));
                continue;
            }

            if (++nodes > maxNodes)
                throw new TooLargeException();
            switch (node)
            {
                case YScalar scalar:
                    _events.Add(Scalar(scalar));
                    break;
                case YMapping mapping:
                    _events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Any, ToMark(mapping.Start), ToMark(mapping.Start)));
                    pending.Push((mapping, true));
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        pending.Push((mapping.Entries[i].Value, false));
                        pending.Push((mapping.Entries[i].Key, false));
                    }

                    break;
                case YSequence sequence:
                    _events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Any, ToMark(sequence.Start), ToMark(sequence.Start)));
                    pending.Push((sequence, true));
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                        pending.Push((sequence.Items[i], false));
                    break;
            }
        }

        _events.Add(new DocumentEnd(true));
        _events.Add(new StreamEnd());
    }

    public ParsingEvent? Current => _next > 0 && _next <= _events.Count ? _events[_next - 1] : null;

    public bool MoveNext() => ++_next <= _events.Count;

    /// <summary>The tree has more nodes than the limit once its aliases are replayed as copies.</summary>
    public sealed class TooLargeException : Exception;

    // A quoted scalar stays quoted, so that "" and "null" are not read as null.
    private static Scalar Scalar(YScalar scalar) => new(
        AnchorName.Empty,
        TagName.Empty,
        scalar.Value,
        scalar.IsPlain ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted,
        scalar.IsPlain,
        !scalar.IsPlain,
        ToMark(scalar.Start),
        ToMark(scalar.End));

    private static Mark ToMark(Position position) => new(0, position.Line, position.Column);
}
