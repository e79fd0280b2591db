using System.CommandLine;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Cli;

/// <summary>The <c>rules</c> command, which lists the rules or prints the documentation page of one rule.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<string?>("id")
        {
            Description = "The ID of a rule, such as FRL003, whose page to print. Without it every rule is listed.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        var command = new Command("rules", "List the rules, or print the documentation page of one rule.") { id };

        command.SetAction(parseResult =>
        {
            var requested = parseResult.GetValue(id);
            if (requested is null)
            {
                output.Write(List(RuleCatalog.All));
                return ExitCodes.Success;
            }

            var rule = RuleCatalog.Find(requested);
            if (rule is null)
            {
                error.WriteLine($"error: There is no rule '{requested}'. Run 'fluxracelint rules' to list the rules.");
                return ExitCodes.Usage;
            }

            output.Write(Page(rule));
            return ExitCodes.Success;
        });

        return command;
    }

    /// <summary>Returns one line per rule with its ID, default level, name and title, in aligned columns.</summary>
    internal static string List(IReadOnlyList<RuleDescriptor> rules)
    {
        var levelWidth = rules.Select(r => r.DefaultSeverity.ToName().Length).DefaultIfEmpty(0).Max();
        var nameWidth = rules.Select(r => r.Name.Length).DefaultIfEmpty(0).Max();
        var lines = rules.Select(r =>
            $"{r.Id}  {r.DefaultSeverity.ToName().PadRight(levelWidth)}  {r.Name.PadRight(nameWidth)}  {r.Title}\n");
        return string.Concat(lines);
    }

    /// <summary>
    /// Returns the embedded page of the rule. A rule without an embedded page gets its catalogue entry and
    /// the address of its page instead.
    /// </summary>
    private static string Page(RuleDescriptor rule)
    {
        var page = RulePages.Get(rule.Id);
        if (page is null)
            return $"# {rule.Id}: {rule.Name}\n\n{rule.Title}\n\n{rule.Description}\n\n{ProjectLinks.RulePageUri(rule)}\n";
        return page.EndsWith('\n') ? page : page + "\n";
    }
}
