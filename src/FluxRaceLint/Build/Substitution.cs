using System.Text;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// The variables of one postBuild.substituteFrom entry, as far as the repository shows them.
/// </summary>
/// <param name="Values">Variables known to be set, with their values. A value may contain '${' and so be unknown.</param>
/// <param name="IsComplete">False when the source may set variables beyond <paramref name="Values"/>.</param>
public sealed record VariableSource(IReadOnlyDictionary<string, string> Values, bool IsComplete)
{
    /// <summary>A source whose variables are all unknown: not found, encrypted, or made by another controller.</summary>
    public static readonly VariableSource Unknown = new(new Dictionary<string, string>(StringComparer.Ordinal), false);

    /// <summary>An optional source that does not exist, which Flux reads as no variables at all.</summary>
    public static readonly VariableSource Empty = new(new Dictionary<string, string>(StringComparer.Ordinal), true);
}

/// <summary>
/// Flux postBuild substitution: kustomize-controller replaces <c>${VAR}</c> and <c>${VAR:=default}</c>
/// in the built objects with the variables of spec.postBuild. It reads the substituteFrom ConfigMaps
/// and Secrets in order, later ones overriding earlier ones, and then spec.postBuild.substitute,
/// which overrides them all. A variable whose value the linter cannot know is left in place, which
/// makes the field unknown to the rules.
/// </summary>
public sealed class Substitution
{
    // A null value is a variable that is set but whose value is unknown.
    private readonly IReadOnlyDictionary<string, string?> _values;
    private readonly bool _mayHaveOtherValues;

    private Substitution(IReadOnlyDictionary<string, string?> values, bool mayHaveOtherValues)
    {
        _values = values;
        _mayHaveOtherValues = mayHaveOtherValues;
    }

    /// <summary>Returns the number of substituteFrom entries of a Kustomization spec.</summary>
    public static int SourceCount(YMapping? spec) =>
        (Fields.Mapping(spec, "postBuild")?.Get("substituteFrom") as YSequence)?.Items.Count ?? 0;

    /// <summary>
    /// Reads spec.postBuild. Returns null when Flux substitutes nothing. <paramref name="sources"/>
    /// contains one entry per substituteFrom entry, in order. Without it, every source is unknown.
    /// </summary>
    public static Substitution? From(YMapping? spec, IReadOnlyList<VariableSource>? sources = null)
    {
        var postBuild = Fields.Mapping(spec, "postBuild");
        if (postBuild is null)
            return null;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var mayHaveOtherValues = false;
        var count = SourceCount(spec);
        for (var i = 0; i < count; i++)
        {
            var source = sources is not null && i < sources.Count ? sources[i] : VariableSource.Unknown;
            if (!source.IsComplete)
            {
                // A source with unknown keys may override any variable that an earlier one set.
                foreach (var name in values.Keys.ToList())
                    values[name] = null;
                mayHaveOtherValues = true;
            }

            foreach (var (name, value) in source.Values)
                values[name] = Normalize(value);
        }

        if (Fields.Mapping(postBuild, "substitute") is { } substitute)
        {
            foreach (var entry in substitute.Entries)
            {
                if (entry.Value is YScalar scalar)
                    values[entry.Key.Value] = Normalize(scalar.Value);
            }
        }

        // With the default strategy kustomize-controller substitutes only when some variable is set,
        // but 'substituteStrategy: Always' (kustomize-controller v1.9) substitutes even then.
        var always = Fields.String(postBuild, "substituteStrategy")?.Value == "Always";
        return values.Count == 0 && !mayHaveOtherValues && !always ? null : new Substitution(values, mayHaveOtherValues);
    }

    /// <summary>kustomize-controller removes line breaks from every variable value.</summary>
    private static string Normalize(string value) => value.Replace("\n", "", StringComparison.Ordinal);

    /// <summary>Returns the object with its variables replaced, or the object itself when nothing changes.</summary>
    public KubeObject Apply(KubeObject obj)
    {
        // Objects marked 'substitute: disabled' are applied as written.
        if (string.Equals(obj.Annotation("kustomize.toolkit.fluxcd.io/substitute"), "disabled", StringComparison.OrdinalIgnoreCase)
            || string.Equals(obj.Label("kustomize.toolkit.fluxcd.io/substitute"), "disabled", StringComparison.OrdinalIgnoreCase))
            return obj;
        var copies = new Dictionary<YNode, YNode>(ReferenceEqualityComparer.Instance);
        var root = (YMapping)Copy(obj.Root, copies);
        return ReferenceEquals(root, obj.Root) ? obj : obj.WithRoot(root);
    }

    public string Replace(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
            return text;
        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                // '$${VAR}' is an escape: Flux writes '${VAR}' and substitutes nothing.
                result.Append('$');
                i += 2;
                var close = text.IndexOf('}', i);
                var end = close < 0 ? text.Length : close + 1;
                result.Append(text, i, end - i);
                i = end;
                continue;
            }

            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                    break;
                var expression = text[(i + 2)..close];
                result.Append(Evaluate(expression) ?? text[i..(close + 1)]);
                i = close + 1;
                continue;
            }

            result.Append(text[i]);
            i++;
        }

        if (i < text.Length)
            result.Append(text, i, text.Length - i);
        return result.ToString();
    }

    private string? Evaluate(string expression)
    {
        var separator = expression.IndexOf(":=", StringComparison.Ordinal);
        if (separator < 0)
            separator = expression.IndexOf(":-", StringComparison.Ordinal);
        var name = separator < 0 ? expression : expression[..separator];
        if (_values.TryGetValue(name, out var value))
        {
            // As in the shell, ':=' and ':-' take the default for an empty value too.
            return value is { Length: 0 } && separator >= 0 ? expression[(separator + 2)..] : value;
        }

        if (separator >= 0 && !_mayHaveOtherValues)
            return expression[(separator + 2)..];
        return null;
    }

    private YNode Copy(YNode node, Dictionary<YNode, YNode> copies)
    {
        if (copies.TryGetValue(node, out var done))
            return done;
        YNode result = node;
        switch (node)
        {
            case YScalar scalar when scalar.Value.Contains("${", StringComparison.Ordinal):
                var replaced = Replace(scalar.Value);
                if (replaced != scalar.Value)
                    result = new YScalar(replaced, scalar.IsPlain, scalar.Start, scalar.End) { Origin = scalar.Origin };
                break;
            case YMapping mapping:
            {
                List<YEntry>? entries = null;
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    var entry = mapping.Entries[i];
                    var value = Copy(entry.Value, copies);
                    if (ReferenceEquals(value, entry.Value))
                        continue;
                    entries ??= [.. mapping.Entries];
                    entries[i] = entry with { Value = value };
                }

                if (entries is not null)
                    result = new YMapping(entries, mapping.Start, mapping.End) { Origin = mapping.Origin };
                break;
            }

            case YSequence sequence:
            {
                List<YNode>? items = null;
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var value = Copy(sequence.Items[i], copies);
                    if (ReferenceEquals(value, sequence.Items[i]))
                        continue;
                    items ??= [.. sequence.Items];
                    items[i] = value;
                }

                if (items is not null)
                    result = new YSequence(items, sequence.Start, sequence.End) { Origin = sequence.Origin };
                break;
            }
        }

        copies[node] = result;
        return result;
    }
}
