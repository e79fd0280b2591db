using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace FluxRaceLint.Cli;

/// <summary>
/// Checks that every option that takes a value is followed by one. System.CommandLine 2.0 lets an
/// option of arity ZeroOrMore, such as check's --format, end the command line with no value, and
/// lets an option that takes one value take the next option ('-o -v') as that value.
/// </summary>
internal static class OptionValues
{
    /// <summary>Returns one message per option given without its value, in command-line order.</summary>
    public static List<string> FindMissing(ParseResult parseResult)
    {
        var known = KnownOptions(parseResult.CommandResult.Command);
        var tokens = parseResult.Tokens;
        var errors = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type != TokenType.Option || !known.TryGetValue(tokens[i].Value, out var option) || option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0)
                continue;

            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            if (next is null || next.Type is not (TokenType.Argument or TokenType.Option))
                errors.Add($"{option.Name} needs {Expected(option)}.");
            else if (next.Type == TokenType.Option || known.ContainsKey(next.Value))
                errors.Add($"{option.Name} needs {Expected(option)}, but '{next.Value}' is an option.{FileNameHint(option, next.Value)}");
        }

        return errors;
    }

    /// <summary>Returns the options of the command and of its parents by every name and alias.</summary>
    private static Dictionary<string, Option> KnownOptions(Command command)
    {
        var known = new Dictionary<string, Option>(StringComparer.Ordinal);
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            foreach (var option in current.Options)
            {
                known.TryAdd(option.Name, option);
                foreach (var alias in option.Aliases)
                    known.TryAdd(alias, option);
            }
        }

        return known;
    }

    private static string Expected(Option option)
    {
        if (option.HelpName is "FILE")
            return "a file name";
        if (option.HelpName is "DIR")
            return "a folder";
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        return choices.Count > 0 ? $"one of {string.Join(", ", choices)}" : "a value";
    }

    private static string FileNameHint(Option option, string value) =>
        option.HelpName is "FILE" ? $" To use a file of that name, give './{value}'." : "";
}
