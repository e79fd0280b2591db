using FluxRaceLint.Loading;

namespace FluxRaceLint.Model;

/// <summary>
/// One entry of a HelmRelease's spec.valuesFrom: a key of a ConfigMap or Secret in the HelmRelease's
/// namespace whose values helm-controller merges before spec.values.
/// </summary>
/// <param name="Index">The entry's position in spec.valuesFrom; later entries win.</param>
/// <param name="TargetPath">The dotted path at which the key's text is set as one value, or null to merge the text as a values document.</param>
public sealed record ValuesReference(int Index, string Kind, string Name, string ValuesKey, string? TargetPath, bool Optional, YMapping Node)
{
    public const string DefaultValuesKey = "values.yaml";

    /// <summary>Names the entry in a sentence, such as "ConfigMap 'podinfo-values'" or "Secret 'x' (key 'extra.yaml')".</summary>
    public string Describe() => ValuesKey == DefaultValuesKey ? $"{Kind} '{Name}'" : $"{Kind} '{Name}' (key '{ValuesKey}')";

    /// <summary>Reads spec.valuesFrom, adding a problem for each entry that the API server rejects.</summary>
    public static IReadOnlyList<ValuesReference> Read(YMapping spec, SourceFile file, List<InputProblem> problems, ReadLimits limits)
    {
        var node = spec.Get("valuesFrom");
        if (node is null or YScalar { IsNull: true })
            return [];
        if (node is not YSequence sequence)
        {
            problems.Add(Problems.WrongType(file, node, "spec.valuesFrom", "a list of ConfigMap and Secret references"));
            return [];
        }

        var result = new List<ValuesReference>();
        var count = Math.Min(sequence.Items.Count, limits.MaxListEntries);
        for (var index = 0; index < count; index++)
        {
            var item = sequence.Items[index];
            if (item is not YMapping entry)
            {
                problems.Add(Problems.WrongType(file, item, $"spec.valuesFrom[{index}]", "a mapping with kind and name"));
                continue;
            }

            var kind = Fields.String(entry, "kind");
            var name = Fields.String(entry, "name");
            if (kind is null)
                problems.Add(Problems.Missing(file, entry, $"spec.valuesFrom[{index}].kind"));
            else if (kind.Value is not ("ConfigMap" or "Secret"))
                problems.Add(new InputProblem(
                    file.Path,
                    kind.Node.Start,
                    kind.Node.End,
                    $"The valuesFrom kind '{kind.Value}' is neither ConfigMap nor Secret, so the API server rejects this HelmRelease.",
                    "Set 'kind: ConfigMap' or 'kind: Secret'."));
            if (name is null)
                problems.Add(Problems.Missing(file, entry, $"spec.valuesFrom[{index}].name"));
            if (kind?.Value is not ("ConfigMap" or "Secret") || name is null)
                continue;

            var valuesKey = Fields.String(entry, "valuesKey")?.Value is { Length: > 0 } key ? key : DefaultValuesKey;
            var targetPath = Fields.String(entry, "targetPath")?.Value is { Length: > 0 } path ? path : null;
            var optional = Fields.Bool(entry, "optional")?.Value ?? false;
            result.Add(new ValuesReference(index, kind.Value, name.Value, valuesKey, targetPath, optional, entry));
        }

        return result;
    }
}
