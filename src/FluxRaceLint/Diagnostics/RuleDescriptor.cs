namespace FluxRaceLint.Diagnostics;

/// <summary>
/// Metadata of one rule, declared once in <see cref="RuleCatalog"/>; the rule pages, the SARIF
/// <c>rules[]</c> array and the help links are all derived from it.
/// </summary>
/// <param name="Id">Public, stable identifier such as <c>FRL001</c>.</param>
/// <param name="Name">PascalCase name of the bad pattern (SARIF <c>rules[].name</c>).</param>
/// <param name="Title">One-line summary (SARIF <c>shortDescription</c>).</param>
/// <param name="Description">What the rule flags, in one or two sentences (SARIF <c>fullDescription</c>).</param>
/// <param name="DefaultSeverity">Level of a finding unless the rule lowers or raises it for one case.</param>
/// <param name="Tags">Keywords for filtering in code scanning.</param>
/// <param name="Precision">SARIF precision: <c>very-high</c>, <c>high</c>, <c>medium</c> or <c>low</c>.</param>
public sealed record RuleDescriptor(
    string Id,
    string Name,
    string Title,
    string Description,
    Severity DefaultSeverity,
    IReadOnlyList<string> Tags,
    string Precision)
{
    /// <summary>Repository-relative path of the rule's documentation page.</summary>
    public string PagePath => $"rules/{Id}.md";
}
