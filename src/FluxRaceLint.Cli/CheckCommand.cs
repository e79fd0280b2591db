using System.CommandLine;
using System.CommandLine.Parsing;
using FluxRaceLint.Configuration;
using FluxRaceLint.Diagnostics;
using FluxRaceLint.Reporting;
using FluxRaceLint.Suppression;

namespace FluxRaceLint.Cli;

/// <summary>The <c>check</c> command: lint a folder and report its races.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory, TerminalEnvironment terminal)
    {
        var shared = new LintArguments();
        var failLevel = new Option<string>("--fail-level")
        {
            Description = "Exit with code 1 when a finding is at this level or above: error, warning or note.",
            DefaultValueFactory = _ => "warning",
        };
        failLevel.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!SeverityNames.TryParse(value, out _))
                result.AddError($"The fail level '{value}' is not one of error, warning or note.");
        });
        var format = new Option<string[]>("--format", "-f")
        {
            Description = $"Report format: {string.Join(", ", ReportWriters.Formats)}. Repeat it with --output to write several reports in one run.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        format.AcceptOnlyFromAmong([.. ReportWriters.Formats]);
        var outputFile = new Option<string[]>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "Write the report of the --format given before it to this file instead of standard output.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the findings, without the summary line." };
        var color = new Option<string>("--color")
        {
            Description = "Color the text report on standard output: auto (only on a terminal, with NO_COLOR unset or empty and TERM not dumb), always or never. Reports written with --output are never colored.",
            DefaultValueFactory = _ => ColorChoice.Auto,
        };
        color.AcceptOnlyFromAmong([.. ColorChoice.Modes]);
        var baseline = new Option<string?>("--baseline")
        {
            HelpName = "FILE",
            Description = "Report only findings that are not in this baseline file, written by 'fluxracelint baseline'.",
        };

        var command = new Command("check", "Report the orderings of a Flux repository that race on a live cluster.")
        {
            shared.Path, shared.RepositoryRoot, failLevel, format, outputFile, shared.Config, shared.NoConfig, baseline, quiet, color, shared.Verbose, shared.Debug,
        };

        command.SetAction(parseResult => shared.Invoke(parseResult, error, currentDirectory, () =>
        {
            var reports = PairReports(parseResult, format.Name, outputFile.Name, format.Aliases, outputFile.Aliases);
            var options = shared.ToOptions(parseResult, currentDirectory);
            if (parseResult.GetValue(baseline) is { } baselineFile)
                options = options with { Baseline = Baseline.Load(Path.GetFullPath(baselineFile, currentDirectory), baselineFile) };
            var result = Linter.Run(options);
            shared.WriteVerbose(parseResult, result, error);

            var context = new ReportContext(currentDirectory, CommandLine.ToolVersion)
            {
                AbsolutePaths = Path.IsPathRooted(parseResult.GetValue(shared.Path) ?? "."),
                Quiet = parseResult.GetValue(quiet),
            };
            // Only the report on standard output can be colored, so a file never contains escapes.
            var standardOutputContext = context with { Color = ColorChoice.ShouldColor(parseResult.GetValue(color)!, terminal) };
            foreach (var (reportFormat, file) in reports)
            {
                var writer = ReportWriters.Create(reportFormat)!;
                if (file is null)
                    writer.Write(result, output, standardOutputContext);
                else
                    OutputFile.Write(Path.GetFullPath(file, currentDirectory), file, text => writer.Write(result, text, context));
            }

            var threshold = SeverityNames.TryParse(parseResult.GetValue(failLevel)!, out var level) ? level : Severity.Warning;
            return result.Findings.Any(f => f.Level >= threshold) ? ExitCodes.Findings : ExitCodes.Success;
        }));

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
                if (pendingFormat is null && tokens.Skip(i + 2).Any(t => t.Type == TokenType.Option && (t.Value == formatName || formatAliases.Contains(t.Value))))
                    throw new UsageException($"The --output '{value}' comes before any --format; give --format first, then the --output that receives it.");
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

/// <summary>The arguments that 'check' and 'baseline' share, and how both run and fail.</summary>
internal sealed class LintArguments
{
    public Argument<string> Path { get; } = new("path")
    {
        Description = "The folder to lint: the repository root or a folder inside it, such as ./infrastructure.",
        DefaultValueFactory = _ => ".",
    };

    public Option<string?> RepositoryRoot { get; } = new("--repo-root")
    {
        HelpName = "DIR",
        Description = "The folder that Flux spec.path values resolve against. Without it: the folder from which a bootstrap Kustomization reaches its own manifest, else the nearest folder above PATH holding .git.",
    };

    public Option<string?> Config { get; } = new("--config")
    {
        HelpName = "FILE",
        Description = $"Read this configuration file instead of the first {ConfigurationParser.FileName} found from PATH up to the repository root.",
    };

    public Option<bool> NoConfig { get; } = new("--no-config")
    {
        Description = "Read no configuration file: every rule at its default level, nothing excluded.",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print what was read, skipped, assumed and suppressed to standard error." };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Print stack traces of internal failures." };

    public LintOptions ToOptions(ParseResult parseResult, string currentDirectory)
    {
        var config = parseResult.GetValue(Config);
        var noConfig = parseResult.GetValue(NoConfig);
        if (config is not null && noConfig)
            throw new UsageException("Give either --config or --no-config, not both.");

        return new LintOptions
        {
            Path = System.IO.Path.GetFullPath(parseResult.GetValue(Path)!, currentDirectory),
            RepositoryRoot = parseResult.GetValue(RepositoryRoot) is { } rootValue ? System.IO.Path.GetFullPath(rootValue, currentDirectory) : null,
            ReadConfiguration = !noConfig,
            ConfigurationFile = config is null ? null : System.IO.Path.GetFullPath(config, currentDirectory),
        };
    }

    public void WriteVerbose(ParseResult parseResult, LintResult result, TextWriter error)
    {
        if (!parseResult.GetValue(Verbose))
            return;
        foreach (var line in result.VerboseMessages)
            error.WriteLine($"verbose: {TerminalText.Escape(line)}");
    }

    /// <summary>
    /// Runs a command's body. A usage or configuration error gives exit code 2, and any other
    /// exception gives 3 and its causes, with the stack trace only under --debug.
    /// </summary>
    public int Invoke(ParseResult parseResult, TextWriter error, string currentDirectory, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (ConfigurationException exception)
        {
            error.WriteLine($"error: {TerminalText.Escape(exception.Format(Display(exception.File, currentDirectory)))}");
            return ExitCodes.Usage;
        }
        catch (UsageException exception)
        {
            error.WriteLine($"error: {TerminalText.Escape(exception.Message)}");
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            error.WriteLine("fluxracelint failed");
            for (var cause = exception; cause is not null; cause = cause.InnerException)
                error.WriteLine($"cause: {TerminalText.Escape(cause.Message)}");
            if (parseResult.GetValue(Debug))
                error.WriteLine(exception.ToString());
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Returns a file's path relative to the current directory when it is inside it, else the absolute path.</summary>
    private static string Display(string file, string currentDirectory)
    {
        var relative = System.IO.Path.GetRelativePath(currentDirectory, file);
        var inside = relative != ".." && !relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(relative);
        return (inside ? relative : file).Replace('\\', '/');
    }
}
