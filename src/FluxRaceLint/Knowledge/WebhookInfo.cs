namespace FluxRaceLint.Knowledge;

/// <summary>An admission or conversion webhook that a chart registers, or that its operator registers itself.</summary>
public sealed class WebhookInfo
{
    /// <summary>Groups value that matches every API group.</summary>
    public const string AnyGroup = "*";

    /// <summary>The webhook's name, <c>webhooks[].name</c> of its configuration object.</summary>
    public required string Name { get; init; }

    public required WebhookType Type { get; init; }

    /// <summary>Name of the Validating- or MutatingWebhookConfiguration object, when known.</summary>
    public string? Configuration { get; init; }

    /// <summary>API groups of the intercepted objects: <c>""</c> is the core group and <see cref="AnyGroup"/> every group.</summary>
    public required IReadOnlyList<string> Groups { get; init; }

    /// <summary>Intercepted kinds, or empty for every kind of <see cref="Groups"/>.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Values key that turns the webhook on, or null when it is always on.</summary>
    public string? EnabledBy { get; init; }

    /// <summary>The chart's default for <see cref="EnabledBy"/>, or true when the webhook is always on.</summary>
    public bool EnabledByDefault { get; init; } = true;

    /// <summary>Further boolean values that must all be true for the chart to render the webhook.</summary>
    public IReadOnlyList<ValuesSwitch> Requires { get; init; } = [];

    /// <summary>A boolean value whose true value removes the webhook, such as gatekeeper's <c>disableValidatingWebhook</c>.</summary>
    public ValuesSwitch? DisabledBy { get; init; }

    /// <summary>The failure policy with the chart's default values.</summary>
    public required WebhookFailurePolicy FailurePolicy { get; init; }

    /// <summary>Values key whose non-empty value sets the failure policy.</summary>
    public string? FailurePolicyKey { get; init; }

    /// <summary>How the policy follows a boolean value when <see cref="FailurePolicyKey"/> is empty.</summary>
    public FailurePolicyFallback? FailurePolicyWhenKeyEmpty { get; init; }

    /// <summary>True when the operator creates the configuration itself, so it is not in the rendered templates.</summary>
    public bool Runtime { get; init; }

    public KnowledgeConfidence Confidence { get; init; } = KnowledgeConfidence.High;

    public string? Note { get; init; }

    /// <summary>Tells whether the webhook intercepts objects of <paramref name="group"/> and <paramref name="kind"/>.</summary>
    public bool Matches(string group, string kind)
    {
        var groupMatches = Groups.Any(candidate =>
            candidate == AnyGroup || string.Equals(candidate, group, StringComparison.Ordinal));
        return groupMatches && (Kinds.Count == 0 || Kinds.Contains(kind, StringComparer.Ordinal));
    }

    /// <summary>
    /// Tells whether the chart renders the webhook with the HelmRelease values. <paramref name="readBoolValue"/>
    /// returns the boolean at a dotted values path, or null when the values do not set it.
    /// </summary>
    public bool IsEnabled(Func<string, bool?> readBoolValue)
    {
        if (EnabledBy is not null && !(readBoolValue(EnabledBy) ?? EnabledByDefault))
        {
            return false;
        }

        if (Requires.Any(required => !required.IsOn(readBoolValue)))
        {
            return false;
        }

        return DisabledBy is null || !DisabledBy.IsOn(readBoolValue);
    }

    /// <summary>
    /// Returns the failure policy with the HelmRelease values. <paramref name="readScalarValue"/> returns the
    /// scalar at a dotted values path as text (booleans as <c>true</c>/<c>false</c>), or null when unset.
    /// <c>IgnoreOnInstallOnly</c> counts as Ignore, because ordering races happen on the first install, although
    /// later upgrades run with Fail. A value the chart does not accept leaves <see cref="FailurePolicy"/>.
    /// </summary>
    public WebhookFailurePolicy EffectiveFailurePolicy(Func<string, string?> readScalarValue)
    {
        var text = FailurePolicyKey is null ? null : readScalarValue(FailurePolicyKey)?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            if (string.Equals(text, "Fail", StringComparison.OrdinalIgnoreCase))
            {
                return WebhookFailurePolicy.Fail;
            }

            var ignores = string.Equals(text, "Ignore", StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, "IgnoreOnInstallOnly", StringComparison.OrdinalIgnoreCase);
            return ignores ? WebhookFailurePolicy.Ignore : FailurePolicy;
        }

        if (FailurePolicyWhenKeyEmpty is not null)
        {
            return FailurePolicyWhenKeyEmpty.Resolve(path => ParseBool(readScalarValue(path)));
        }

        return FailurePolicy;
    }

    private static bool? ParseBool(string? text) => bool.TryParse(text?.Trim(), out var value) ? value : null;
}
