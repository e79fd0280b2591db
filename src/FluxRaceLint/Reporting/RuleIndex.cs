using System.Globalization;
using System.Text;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

// The index of the rule pages, rules/README.md, generated from the rule catalogue. A test keeps the
// committed file equal to this output.
public static partial class RulePages
{
    /// <summary>Repository-relative path of the generated index of the rule pages.</summary>
    public const string IndexPath = "rules/README.md";

    /// <summary>Returns the Markdown index of <paramref name="rules"/> (ID, name, level, title, link), with '\n' line endings.</summary>
    public static string GenerateIndex(IReadOnlyList<RuleDescriptor> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        var text = new StringBuilder();
        text.Append("# FluxRaceLint rules\n\n");
        text.Append("Each rule has a page that says what it flags, why the ordering races on a live cluster, and\n");
        text.Append("how to fix it, with an example repository that the tests run. `fluxracelint rules` lists the\n");
        text.Append("rules and `fluxracelint rules <ID>` prints a page.\n\n");
        text.Append("<!-- Generated from RuleCatalog by RulePages.GenerateIndex; do not edit by hand. Regenerate with\n");
        text.Append("     FLUXRACELINT_UPDATE_EXPECTED=1 dotnet test --filter FullyQualifiedName~RulePageTests -->\n\n");
        text.Append("| ID | Name | Level | Title |\n");
        text.Append("|---|---|---|---|\n");
        foreach (var rule in rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"| [{rule.Id}]({rule.Id}.md) | {Cell(rule.Name)} | {rule.DefaultSeverity.ToName()} | {Cell(rule.Title)} |\n");
        }

        return text.ToString();
    }

    // A '|' inside a cell would end it early.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
