using System.Text.RegularExpressions;
using FluxRaceLint.Loading;

namespace FluxRaceLint.Build;

/// <summary>
/// A Kubernetes label selector, read from its text form (<c>a=b,c!=d,e in (x,y),!f</c>) or from its
/// structured form (<c>matchLabels</c> and <c>matchExpressions</c>).
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<Func<string, string?>, bool>> _terms;

    private LabelSelector(List<Func<Func<string, string?>, bool>> terms, HashSet<string> keys)
    {
        _terms = terms;
        Keys = keys;
    }

    /// <summary>Matches no object. It replaces a selector that does not parse, because kustomize then selects nothing.</summary>
    public static readonly LabelSelector Nothing = new([_ => false], []);

    /// <summary>The label keys that the selector reads.</summary>
    public IReadOnlySet<string> Keys { get; }

    /// <summary>Parses a selector; returns null when it is malformed.</summary>
    public static LabelSelector? Parse(string text)
    {
        var terms = new List<Func<Func<string, string?>, bool>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in SplitTerms(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
                continue;
            var setMatch = Regex.Match(term, @"^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$");
            if (setMatch.Success)
            {
                var key = setMatch.Groups[1].Value;
                var values = setMatch.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
                var negate = setMatch.Groups[2].Value == "notin";
                keys.Add(key);
                terms.Add(read => read(key) is { } value ? values.Contains(value) != negate : negate);
                continue;
            }

            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            if (notEqual > 0)
            {
                var key = term[..notEqual].Trim();
                var value = term[(notEqual + 2)..].Trim();
                keys.Add(key);
                terms.Add(read => read(key) != value);
                continue;
            }

            var equal = term.IndexOf('=');
            if (equal > 0)
            {
                var key = term[..equal].Trim();
                var value = term[(equal + 1)..].TrimStart('=').Trim();
                keys.Add(key);
                terms.Add(read => read(key) == value);
                continue;
            }

            if (term.StartsWith('!'))
            {
                var key = term[1..].Trim();
                keys.Add(key);
                terms.Add(read => read(key) is null);
                continue;
            }

            if (term.Contains(' ', StringComparison.Ordinal))
                return null;
            keys.Add(term);
            terms.Add(read => read(term) is not null);
        }

        return new LabelSelector(terms, keys);
    }

    /// <summary>
    /// Reads the structured form, in which an empty mapping selects everything. Returns null for an
    /// operator other than In, NotIn, Exists and DoesNotExist, or for a value that is not a string.
    /// </summary>
    public static LabelSelector? FromMapping(YMapping selector)
    {
        var terms = new List<Func<Func<string, string?>, bool>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (selector.Get("matchLabels") is YMapping matchLabels)
        {
            foreach (var entry in matchLabels.Entries)
            {
                if (entry.Value is not YScalar value)
                    return null;
                var key = entry.Key.Value;
                keys.Add(key);
                terms.Add(read => read(key) == value.Value);
            }
        }

        if (selector.Get("matchExpressions") is YSequence expressions)
        {
            foreach (var item in expressions.Items)
            {
                var term = Expression(item as YMapping, out var key);
                if (term is null)
                    return null;
                keys.Add(key);
                terms.Add(term);
            }
        }

        return new LabelSelector(terms, keys);
    }

    public bool Matches(Func<string, string?> read) => _terms.All(term => term(read));

    private static Func<Func<string, string?>, bool>? Expression(YMapping? expression, out string readKey)
    {
        readKey = "";
        if (expression?.Get("key") is not YScalar { Value: var key } || expression.Get("operator") is not YScalar { Value: var op })
            return null;
        readKey = key;
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (expression.Get("values") is YSequence list)
        {
            foreach (var item in list.Items)
            {
                if (item is not YScalar scalar)
                    return null;
                values.Add(scalar.Value);
            }
        }

        return op switch
        {
            "In" => read => read(key) is { } value && values.Contains(value),
            "NotIn" => read => read(key) is not { } value || !values.Contains(value),
            "Exists" => read => read(key) is not null,
            "DoesNotExist" => read => read(key) is null,
            _ => null,
        };
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }
}
