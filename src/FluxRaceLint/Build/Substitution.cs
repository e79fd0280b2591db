using System.Text;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Build;

/// <summary>
/// Flux postBuild substitution: kustomize-controller replaces <c>${VAR}</c> and <c>${VAR:=default}</c>
/// in the built objects with the Kustomization's spec.postBuild.substitute values. A variable whose
/// value the linter cannot know (it may come from substituteFrom) is left in place, which makes the
/// field unknown to the rules.
/// </summary>
public sealed class Substitution
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly bool _mayHaveOtherValues;

    private Substitution(IReadOnlyDictionary<string, string> values, bool mayHaveOtherValues)
    {
        _values = values;
        _mayHaveOtherValues = mayHaveOtherValues;
    }

    /// <summary>Reads spec.postBuild; returns null when the Kustomization substitutes nothing.</summary>
    public static Substitution? From(YMapping? spec)
    {
        var postBuild = Fields.Mapping(spec, "postBuild");
        if (postBuild is null)
            return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Fields.Mapping(postBuild, "substitute") is { } substitute)
        {
            foreach (var entry in substitute.Entries)
            {
                if (entry.Value is YScalar scalar)
                    values[entry.Key.Value] = scalar.Value;
            }
        }

        // TODO: read substituteFrom ConfigMaps found in the repository; until then their variables stay unknown.
        var fromOthers = postBuild.Get("substituteFrom") is YSequence { Items.Count: > 0 };
        return values.Count == 0 && !fromOthers ? null : new Substitution(values, fromOthers);
    }

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
            return value;
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
