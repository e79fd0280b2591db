using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

internal static partial class Generators
{
    /// <summary>The parts of one 'behavior: merge' generator entry that the merged object takes, besides its data.</summary>
    private sealed record MergeStep(
        YMapping Generator,
        string? Namespace,
        bool Hashed,
        int Ordinal,
        IEnumerable<YEntry>? GlobalLabels,
        IEnumerable<YEntry>? Labels,
        IEnumerable<YEntry>? GlobalAnnotations,
        IEnumerable<YEntry>? Annotations);

    /// <summary>
    /// An object that 'behavior: merge' entries add to, built once after the last of them, because
    /// building it on every merge would copy all its data each time. Each merge leaves the data as
    /// merging into the object built so far would: a key that an entry sets again leaves its old
    /// place, and the entry's keys follow the ones kept, in the entry's order.
    /// </summary>
    private sealed class MergedObject
    {
        private readonly List<YEntry?> _entries = [];
        private readonly Dictionary<string, List<int>> _positions = new(StringComparer.Ordinal);
        private readonly string _kind;
        private readonly string _name;
        private Dictionary<string, string> _unreadKeys = new(StringComparer.Ordinal);
        private List<YEntry> _labels = [];
        private List<YEntry> _annotations = [];
        private MergeStep _last;

        // Entries before this index have unknown values, because a later merge found data that
        // ConfigData rejects and so read none of the values before it.
        private int _unknownBefore;

        // Entries at or after _unknownBefore whose value ConfigData rejects.
        private int _rejected;

        private MergedObject(string kind, string name, MergeStep step)
        {
            _kind = kind;
            _name = name;
            _last = step;
        }

        public string Kind => _kind;

        /// <summary>The namespace of the object built so far.</summary>
        public string? Namespace { get; private set; }

        /// <summary>Starts from the base object and merges the first entry's data into it.</summary>
        public static MergedObject Start(BuiltObject baseObject, string kind, string name, MergeStep step, List<YEntry> data, Dictionary<string, string> unreadKeys)
        {
            var obj = baseObject.Object;
            var result = new MergedObject(kind, name, step)
            {
                Namespace = step.Namespace ?? baseObject.Namespace,
                _labels = Merged(Metadata(obj, "labels"), step.GlobalLabels, step.Labels),
                _annotations = Merged(Metadata(obj, "annotations"), step.GlobalAnnotations, step.Annotations),
            };
            foreach (var entry in BaseData(obj, step.Generator, unreadKeys))
                result.Append(entry);
            result._unreadKeys = unreadKeys;
            result.Add(data);
            return result;
        }

        /// <summary>
        /// Merges one more entry's data, as <see cref="BaseData"/> followed by the merge would do on
        /// the object built so far.
        /// </summary>
        public void Merge(MergeStep step, List<YEntry> data, Dictionary<string, string> unreadKeys)
        {
            // Data that ConfigData rejects makes every value before it unknown, and such data, like a
            // marker of further keys, puts one marker after the keys kept.
            var unreadable = _rejected > 0;
            if (unreadable)
            {
                _unknownBefore = _entries.Count;
                _rejected = 0;
            }

            if (unreadable || _positions.GetValueOrDefault(UnknownValue.MoreKeys) is { Count: > 0 })
            {
                foreach (var position in _positions.GetValueOrDefault(UnknownValue.MoreKeys) ?? [])
                    Remove(position);
                _positions.Remove(UnknownValue.MoreKeys);
                Append(MoreKeys(step.Generator));
            }

            // Every key of the object stays, so its reason stays unless this entry gives another.
            // The marker of further keys is not a key that BaseData carries over.
            _unreadKeys.Remove(UnknownValue.MoreKeys);
            foreach (var (key, reason) in unreadKeys)
                _unreadKeys[key] = reason;

            _labels = Merged(_labels, step.GlobalLabels, step.Labels);
            _annotations = Merged(_annotations, step.GlobalAnnotations, step.Annotations);
            Namespace = step.Namespace ?? Namespace;
            _last = step;
            Add(data);
        }

        /// <summary>Builds the object as the last merge entry would emit it.</summary>
        public BuiltObject Build(SourceFile kustomization, bool rewritesValuesFrom)
        {
            var data = new List<YEntry>();
            for (var i = 0; i < _entries.Count; i++)
            {
                if (_entries[i] is { } entry)
                    data.Add(i < _unknownBefore ? entry with { Value = UnknownAt(entry.Value) } : entry);
            }

            var generated = new GeneratedName(_last.Hashed, rewritesValuesFrom, new Dictionary<string, string>(_unreadKeys, StringComparer.Ordinal));
            var root = Root(_last.Generator, _kind, _name, Namespace, _labels, _annotations, data);
            var obj = KubeObject.FromGenerator(new YDocument(kustomization, -_last.Ordinal, root, _last.Generator.Start), generated);
            return new BuiltObject(obj, _last.Hashed ? $"{_name}-{UnknownValue.NameHash}" : _name, Namespace);
        }

        private void Add(List<YEntry> data)
        {
            var start = _entries.Count;
            foreach (var entry in data)
            {
                if (!_positions.TryGetValue(entry.Key.Value, out var positions))
                    continue;
                foreach (var old in positions.Where(old => old < start))
                    Remove(old);
                positions.RemoveAll(old => old < start);
            }

            foreach (var entry in data)
                Append(entry);
        }

        private void Append(YEntry entry)
        {
            if (!_positions.TryGetValue(entry.Key.Value, out var positions))
                _positions[entry.Key.Value] = positions = [];
            positions.Add(_entries.Count);
            _entries.Add(entry);
            if (IsRejected(entry))
                _rejected++;
        }

        private void Remove(int position)
        {
            if (_entries[position] is { } entry && position >= _unknownBefore && IsRejected(entry))
                _rejected--;
            _entries[position] = null;
        }

        private static bool IsRejected(YEntry entry) =>
            entry.Key.Value != UnknownValue.MoreKeys && ConfigData.RejectsTextValue(entry.Value);
    }
}
