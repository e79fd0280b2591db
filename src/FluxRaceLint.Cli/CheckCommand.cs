using System.CommandLine;
using System.CommandLine.Parsing;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Cli;

/// <summary>The <c>check</c> command: lint a folder and report its races.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var path = new Argument<string>("path")
        {
            Description = "The folder to lint: the repository root or a folder inside it, such as ./infrastructure.",
            DefaultValueFactory = _ => ".",
        };
        var repositoryRoot = new Option<string?>("--repo-root")
        {
            Description = "The folder that Flux spec.path values resolve against (default: the nearest folder above PATH holding .git).",
        };
        var failLevel = new Option<string>("--fail-level")
        {
            Description = "Exit with code 1 when a finding is at this level or above: error, warning or note.",
            DefaultValueFactory = _ => "warning",
        };
        failLevel.AcceptOnlyFromAmong("error", "warning", "note");
        var format = new Option<string[]>("--format", "-f")
        {
            Description = $"Report format: {string.Join(", ", ReportWriters.Formats)}. Repeat it with --output to write several reports in one run.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        format.AcceptOnlyFromAmong([.. ReportWriters.Formats]);
        var outputFile = new Option<string[]>("--output", "-o")
        {
            Description = "Write the report of the --format given before it to this file instead of standard output.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print what was read, skipped and assumed to standard error." };
        var debug = new Option<bool>("--debug") { Description = "Print stack traces of internal failures." };

        var command = new Command("check", "Report the orderings of a Flux repository that race on a live cluster.")
        {
            path, repositoryRoot, failLevel, format, outputFile, verbose, debug,
        };

        command.SetAction(parseResult =>
        {
            try
            {
                var reports = PairReports(parseResult, format.Name, outputFile.Name, format.Aliases, outputFile.Aliases);
                var options = new LintOptions
                {
                    Path = Path.GetFullPath(parseResult.GetValue(path)!, currentDirectory),
                    RepositoryRoot = parseResult.GetValue(repositoryRoot) is { } rootValue ? Path.GetFullPath(rootValue, currentDirectory) : null,
                };
                var result = Linter.Run(options);

                if (parseResult.GetValue(verbose))
                {
                    foreach (var line in result.VerboseMessages)
                        error.WriteLine($"verbose: {line}");
                }

                var context = new ReportContext(currentDirectory, CommandLine.ToolVersion);
                foreach (var (reportFormat, file) in reports)
                {
                    var writer = ReportWriters.Create(reportFormat)!;
                    if (file is null)
                        writer.Write(result, output, context);
                    else
                        AtomicFile.Write(Path.GetFullPath(file, currentDirectory), text => writer.Write(result, text, context));
                }

                var threshold = SeverityNames.TryParse(parseResult.GetValue(failLevel)!, out var level) ? level : Severity.Warning;
                return result.Findings.Any(f => f.Level >= threshold) ? ExitCodes.Findings : ExitCodes.Success;
            }
            catch (UsageException exception)
            {
                error.WriteLine($"error: {exception.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                error.WriteLine("fluxracelint failed");
                for (var cause = exception; cause is not null; cause = cause.InnerException)
                    error.WriteLine($"cause: {cause.Message}");
                if (parseResult.GetValue(debug))
                    error.WriteLine(exception.ToString());
                return ExitCodes.InternalError;
            }
        });

        return command;
    }

    /// <summary>
    /// Pairs each --output with the --format given before it. A --format followed by no --output
    /// prints to standard output; at most one report may do so.
    /// </summary>
    private static List<(string Format, string? File)> PairReports(ParseResult parseResult, string formatName, string outputName, ICollection<string> formatAliases, ICollection<string> outputAliases)
    {
        var reports = new List<(string Format, string? File)>();
        var tokens = parseResult.Tokens;
        string? pendingFormat = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type != TokenType.Option || i + 1 >= tokens.Count)
                continue;
            var value = tokens[i + 1].Value;
            if (token.Value == formatName || formatAliases.Contains(token.Value))
            {
                if (pendingFormat is not null)
                    reports.Add((pendingFormat, null));
                pendingFormat = value;
            }
            else if (token.Value == outputName || outputAliases.Contains(token.Value))
            {
                reports.Add((pendingFormat ?? "text", value));
                pendingFormat = null;
            }
        }

        if (pendingFormat is not null)
            reports.Add((pendingFormat, null));
        if (!reports.Any(r => r.File is null))
            reports.Add(("text", null));
        if (reports.Count(r => r.File is null) > 1)
            throw new UsageException("Only one report can go to standard output; give --output FILE after each other --format.");
        return reports;
    }
}
