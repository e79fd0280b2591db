using System.CommandLine;
using System.Reflection;

namespace FluxRaceLint.Cli;

/// <summary>
/// Wires the commands to the library. Everything runs against the given writers and folder, so tests
/// call <see cref="Run(string[], TextWriter, TextWriter, string)"/> in-process.
/// </summary>
public static class CommandLine
{
    public static string ToolVersion =>
        typeof(LintResult).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Runs a command as if its output went to a file or pipe, so <c>--color auto</c> never colors.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, string currentDirectory) =>
        Run(args, output, error, currentDirectory, TerminalEnvironment.Redirected);

    /// <summary>Runs a command, with <paramref name="terminal"/> deciding what <c>--color auto</c> does.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, string currentDirectory, TerminalEnvironment terminal)
    {
        var root = new RootCommand("FluxRaceLint finds the orderings of a Flux CD repository that race on a live cluster.");
        root.Subcommands.Add(CheckCommand.Create(output, error, currentDirectory, terminal));
        root.Subcommands.Add(BaselineCommand.Create(output, error, currentDirectory));
        root.Subcommands.Add(RulesCommand.Create(output, error));
        root.Subcommands.Add(GraphCommand.Create(output, error, currentDirectory));

        // Without a command, print the usage rather than only "Required command was not provided".
        var parseResult = root.Parse(args.Length == 0 ? ["--help"] : args);

        // A missing value explains the parser's errors that follow from it, so it is reported alone.
        var missingValues = OptionValues.FindMissing(parseResult);
        var messages = missingValues.Count > 0 ? missingValues : [.. parseResult.Errors.Select(e => e.Message)];
        if (messages.Count > 0)
        {
            foreach (var message in messages)
                error.WriteLine($"error: {message}");
            error.WriteLine("Run 'fluxracelint --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };
        return parseResult.Invoke(configuration);
    }
}
