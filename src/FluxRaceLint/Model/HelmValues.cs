using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>
/// A HelmRelease's values as helm-controller merges them: spec.valuesFrom in order, then spec.values.
/// Every leaf keeps the key node it was written with, so a finding on it points into its own file.
/// </summary>
public sealed class HelmValues
{
    // A limit on the values copied for one merge, so that a YAML alias bomb, which the parser never
    // expands, stays cheap here too.
    private const int MaxCopiedValues = 100_000;

    // A limit on the entries written while merging. Each document is merged over the result of the
    // ones before it, as chartutil.MergeMaps does, so the work grows with the number of entries times
    // the size of the values, and thousands of entries would stall the run.
    private const int MaxMergedValues = 1_000_000;

    private readonly Dictionary<YScalar, ValuesReference> _sources;

    private HelmValues(YMapping? root, Dictionary<YScalar, ValuesReference> sources, IReadOnlyList<ValuesFromContent> unread)
    {
        Root = root;
        _sources = sources;
        Unread = unread;
    }

    /// <summary>The merged values; null when neither spec.values nor a read entry sets any.</summary>
    public YMapping? Root { get; }

    /// <summary>Values copied and entries written to merge them; the resolver bounds their sum over a cluster.</summary>
    public int Work { get; private init; }

    /// <summary>Entries that are neither read nor skipped, so they may set any value the linter cannot see.</summary>
    public IReadOnlyList<ValuesFromContent> Unread { get; }

    /// <summary>Returns the valuesFrom entry that set the value of <paramref name="entry"/>, or null for spec.values.</summary>
    public ValuesReference? SourceOf(YEntry entry) => _sources.GetValueOrDefault(entry.Key);

    /// <summary>
    /// Returns the unread entries that may set any of <paramref name="dottedPaths"/>: an entry
    /// without targetPath that comes after the one that set the value (spec.values comes after every
    /// entry), or an entry whose targetPath is the path, lies on it or below it.
    /// </summary>
    public IReadOnlyList<ValuesFromContent> UnreadSourcesOf(IEnumerable<string> dottedPaths)
    {
        if (Unread.Count == 0)
            return [];
        var result = new List<ValuesFromContent>();
        var added = new HashSet<ValuesFromContent>(ReferenceEqualityComparer.Instance);
        foreach (var path in dottedPaths)
        {
            var found = HelmRelease.FindValue(Root, path);
            var setBy = found is null ? -1 : SourceOf(found)?.Index ?? int.MaxValue;
            foreach (var unread in Unread)
            {
                var reference = unread.Reference;
                var maySet = reference.TargetPath is { } target
                    ? IsOnPath(target, path)
                    : reference.Index > setBy;
                if (maySet && added.Add(unread))
                    result.Add(unread);
            }
        }

        return result;
    }

    private static bool IsOnPath(string targetPath, string path)
    {
        var target = SplitPath(targetPath) is { } keys ? string.Join('.', keys) : targetPath.Split('[')[0].TrimEnd('.');
        return target == path
            || path.StartsWith(target + ".", StringComparison.Ordinal)
            || target.StartsWith(path + ".", StringComparison.Ordinal);
    }

    /// <summary>Returns the values of spec.values alone, for a HelmRelease without valuesFrom.</summary>
    public static HelmValues Inline(YMapping? values) => new(values, new(ReferenceEqualityComparer.Instance), []);

    /// <summary>
    /// Merges as fluxcd/pkg chartutil.ChartValuesFromReferences does (helm-controller 1.x): each
    /// values document is merged over the result, maps deeply and anything else replaced. For a
    /// targetPath entry, spec.values is merged in first and the text is set at the path, as
    /// 'helm --set' sets it. spec.values is merged last. Nested maps are shared, not copied, as in
    /// the Go code, so a targetPath value written into a map that spec.values also contains wins over
    /// spec.values.
    /// </summary>
    public static HelmValues Merge(YMapping? inline, IReadOnlyList<ValuesFromContent> contents)
    {
        var unread = contents.Where(c => !c.IsRead && !c.IsSkipped).ToList();
        if (!contents.Any(c => c.IsRead))
            return new HelmValues(inline, new(ReferenceEqualityComparer.Instance), unread);

        var copier = new Copier();
        var merged = new Budget(MaxMergedValues, $"is one of valuesFrom entries whose merge writes more than {MaxMergedValues} values");
        var sources = new Dictionary<YScalar, ValuesReference>(ReferenceEqualityComparer.Instance);
        try
        {
            var values = inline is null ? new ValuesMap(null) : copier.Copy(inline, null, sources);
            var result = new ValuesMap(null);
            foreach (var content in contents)
            {
                if (content.Document is { } document)
                {
                    result = ValuesMap.Merge(result, copier.Copy(document, content.Reference, sources), merged);
                }
                else if (content.Value is { } value)
                {
                    result = ValuesMap.Merge(result, values, merged);
                    if (!SetPath(result, content.Reference, value, sources, out var reason))
                        unread.Add(ValuesFromContent.Unread(content.Reference, reason));
                }
            }

            var root = ValuesMap.Merge(result, values, merged).ToMapping();
            return new HelmValues(root, sources, unread) { Work = copier.Copied + merged.Used };
        }
        catch (ValuesTooLargeException exception)
        {
            var all = contents.Where(c => !c.IsSkipped).Select(c => ValuesFromContent.Unread(c.Reference, exception.Reason)).ToList();
            return new HelmValues(inline, new(ReferenceEqualityComparer.Instance), all) { Work = copier.Copied + merged.Used };
        }
    }

    /// <summary>
    /// Splits a targetPath into keys: '.' separates them and '\.' is a dot inside a key. Returns null
    /// for list indexes and other forms of Helm's --set syntax that the linter does not model.
    /// </summary>
    public static IReadOnlyList<string>? SplitPath(string path)
    {
        var keys = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\' && i + 1 < path.Length)
            {
                current.Append(path[++i]);
                continue;
            }

            if (c is '[' or ']' or ',' or '=')
                return null;
            if (c == '.')
            {
                keys.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        keys.Add(current.ToString());
        return keys.Any(k => k.Length == 0) ? null : keys;
    }

    /// <summary>
    /// Sets the text at the entry's targetPath as Helm's strvals.ParseInto does: it walks into the
    /// maps on the way, creating missing ones, and a quoted text is set as a string without its quotes.
    /// </summary>
    private static bool SetPath(ValuesMap result, ValuesReference reference, YScalar value, Dictionary<YScalar, ValuesReference> sources, out string reason)
    {
        reason = "";
        var keys = SplitPath(reference.TargetPath!);
        if (keys is null)
        {
            reason = $"has a targetPath '{reference.TargetPath}' with list indexes or other syntax that the linter does not read";
            return false;
        }

        var text = value.Value;
        var quoted = text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\''));
        if (!quoted && (text.Contains(',', StringComparison.Ordinal) || text.StartsWith('{')))
        {
            reason = "has a value with a comma or a '{' list, which Helm's --set syntax splits in ways the linter does not read";
            return false;
        }

        var anchor = reference.Node.Find("targetPath")?.Value ?? reference.Node;
        var current = result;
        for (var i = 0; i < keys.Count - 1; i++)
        {
            if (current.Get(keys[i]) is { } existing)
            {
                if (existing.Value is not ValuesMap child)
                {
                    reason = $"has a targetPath '{reference.TargetPath}' that runs through '{keys[i]}', which is not a mapping, so helm-controller fails to set it";
                    return false;
                }

                current = child;
                continue;
            }

            var created = new ValuesMap(null);
            current.Set(keys[i], new ValuesEntry(KeyAt(anchor, keys[i], sources, reference), created));
            current = created;
        }

        var leaf = quoted
            ? new YScalar(text.Trim('"', '\''), false, value.Start, value.End) { Origin = value.Origin }
            : new YScalar(Unescape(text), true, value.Start, value.End) { Origin = value.Origin };
        current.Set(keys[^1], new ValuesEntry(KeyAt(anchor, keys[^1], sources, reference), leaf));
        return true;
    }

    private static YScalar KeyAt(YNode anchor, string key, Dictionary<YScalar, ValuesReference> sources, ValuesReference reference)
    {
        var scalar = new YScalar(key, true, anchor.Start, anchor.End) { Origin = anchor.Origin };
        sources[scalar] = reference;
        return scalar;
    }

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
            return text;
        var result = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
                i++;
            result.Append(text[i]);
        }

        return result.ToString();
    }

    /// <param name="reason">A clause that follows an entry's description, as <see cref="ValuesFromContent.Reason"/> does.</param>
    private sealed class ValuesTooLargeException(string reason) : Exception
    {
        public string Reason { get; } = reason;
    }

    /// <summary>Counts work against a limit and throws <see cref="ValuesTooLargeException"/> past it.</summary>
    private sealed class Budget(int limit, string reason)
    {
        public int Used { get; private set; }

        public void Spend()
        {
            if (++Used > limit)
                throw new ValuesTooLargeException(reason);
        }
    }

    /// <summary>Copies parsed values into maps, recording which entry each key came from.</summary>
    private sealed class Copier
    {
        private readonly Budget _copied = new(MaxCopiedValues, $"has values that expand to more than {MaxCopiedValues} entries when merged");

        public int Copied => _copied.Used;

        public ValuesMap Copy(YMapping mapping, ValuesReference? source, Dictionary<YScalar, ValuesReference> sources)
        {
            var map = new ValuesMap(mapping);
            foreach (var entry in mapping.Entries)
            {
                _copied.Spend();
                if (source is not null)
                    sources[entry.Key] = source;
                object value = entry.Value is YMapping child ? Copy(child, source, sources) : entry.Value;
                map.Set(entry.Key.Value, new ValuesEntry(entry.Key, value));
            }

            return map;
        }
    }

    /// <param name="Value">A nested <see cref="ValuesMap"/>, or the scalar or sequence node as written.</param>
    private sealed record ValuesEntry(YScalar Key, object Value);

    /// <summary>A Go map[string]interface{} of values, kept in the order keys were first set.</summary>
    private sealed class ValuesMap
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, ValuesEntry> _entries = new(StringComparer.Ordinal);
        private YMapping? _converted;

        public ValuesMap(YMapping? written)
        {
            Written = written;
        }

        /// <summary>The mapping the map was copied from, whose position a merged mapping keeps.</summary>
        public YMapping? Written { get; }

        public ValuesEntry? Get(string key) => _entries.GetValueOrDefault(key);

        public void Set(string key, ValuesEntry entry)
        {
            if (!_entries.ContainsKey(key))
                _order.Add(key);
            _entries[key] = entry;
        }

        /// <summary>chartutil.MergeMaps: a new map with a's entries, then b's, merging maps that both hold.</summary>
        public static ValuesMap Merge(ValuesMap a, ValuesMap b, Budget budget)
        {
            var result = new ValuesMap(a.Written ?? b.Written);
            foreach (var key in a._order)
            {
                budget.Spend();
                result.Set(key, a._entries[key]);
            }

            foreach (var key in b._order)
            {
                budget.Spend();
                var entry = b._entries[key];
                if (entry.Value is ValuesMap bMap && result.Get(key)?.Value is ValuesMap aMap)
                    result.Set(key, entry with { Value = Merge(aMap, bMap, budget) });
                else
                    result.Set(key, entry);
            }

            return result;
        }

        public YMapping ToMapping()
        {
            if (_converted is not null)
                return _converted;
            var entries = new List<YEntry>(_order.Count);
            foreach (var key in _order)
            {
                var entry = _entries[key];
                var value = entry.Value is ValuesMap child ? child.ToMapping() : (YNode)entry.Value;
                entries.Add(new YEntry(entry.Key, value));
            }

            var start = Written?.Start ?? entries.FirstOrDefault()?.Key.Start ?? new Position(1, 1);
            var end = Written?.End ?? entries.LastOrDefault()?.Value.End ?? start;
            _converted = new YMapping(entries, start, end) { Origin = Written?.Origin ?? entries.FirstOrDefault()?.Key.Origin };
            return _converted;
        }
    }
}
