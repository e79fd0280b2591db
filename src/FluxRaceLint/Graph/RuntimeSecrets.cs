using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// Custom resources whose operators create core Secrets at run time, such as External Secrets'
/// ExternalSecret and Sealed Secrets' SealedSecret, so the Secret's data is not in the repository.
/// </summary>
internal static class RuntimeSecrets
{
    /// <summary>
    /// Returns the names of the Secrets that a custom resource of a kind ending in 'Secret' may make:
    /// <paramref name="name"/> (its own applied name), spec.target.name (ExternalSecret),
    /// spec.destination.name and spec.template.metadata.name. Returns nothing for any other object.
    /// </summary>
    public static IEnumerable<string> SecretNames(KubeObject obj, string? name)
    {
        if (name is null || obj.Group.Length == 0 || !obj.Kind.EndsWith("Secret", StringComparison.Ordinal))
            return [];
        var spec = obj.Spec;
        var named = new[]
        {
            Fields.String(Fields.Mapping(spec, "target"), "name"),
            Fields.String(Fields.Mapping(spec, "destination"), "name"),
            Fields.String(Fields.Mapping(Fields.Mapping(spec, "template"), "metadata"), "name"),
        };
        return [name, .. named.OfType<Field<string>>().Select(field => field.Value)];
    }

    /// <summary>Returns the custom resource of <paramref name="cluster"/> that may make Secret <paramref name="ns"/>/<paramref name="name"/>, or null.</summary>
    public static AppliedObject? FindCreator(Cluster cluster, string ns, string name) =>
        cluster.Appliers
            .SelectMany(applier => applier.CustomResources)
            .FirstOrDefault(obj => obj.Namespace == ns && SecretNames(obj.Object, obj.Name).Contains(name, StringComparer.Ordinal));
}
