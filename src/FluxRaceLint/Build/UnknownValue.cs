namespace FluxRaceLint.Build;

/// <summary>
/// Texts that stand for values the linter cannot know. Each contains '${', so the rules treat a field
/// that contains one as unknown, the same as an unresolved postBuild variable. Flux variable names
/// cannot contain ':', so no postBuild substitution replaces them.
/// </summary>
public static class UnknownValue
{
    /// <summary>The value a kustomize replacement writes when its source value is unknown.</summary>
    public const string Replacement = "${fluxracelint:replacement}";

    /// <summary>The hash suffix kustomize appends to a generated ConfigMap or Secret name.</summary>
    public const string NameHash = "${fluxracelint:hash}";

    /// <summary>The value of a generated data key whose file or environment variable cannot be read.</summary>
    public const string Data = "${fluxracelint:data}";

    /// <summary>A data key that means "this object may have further keys the linter cannot list".</summary>
    public const string MoreKeys = "${fluxracelint:keys}";
}
