using System.CommandLine;
using System.Globalization;
using FluxRaceLint.Suppression;

namespace FluxRaceLint.Cli;

/// <summary>
/// The <c>baseline</c> command: record the findings that <c>check</c> reports now, so that
/// <c>check --baseline</c> reports only the ones added later.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var shared = new LintArguments();
        var outputFile = new Option<string>("--output", "-o")
        {
            HelpName = "FILE",
            Description = "The baseline file to write.",
            DefaultValueFactory = _ => Baseline.DefaultFileName,
        };

        var command = new Command("baseline", "Record the current findings, so that 'check --baseline FILE' reports only new ones.")
        {
            shared.Path, shared.RepositoryRoot, outputFile, shared.Config, shared.NoConfig, shared.Verbose, shared.Debug,
        };

        command.SetAction(parseResult => shared.Invoke(parseResult, error, currentDirectory, () =>
        {
            var result = Linter.Run(shared.ToOptions(parseResult, currentDirectory));
            shared.WriteVerbose(parseResult, result, error);

            var file = parseResult.GetValue(outputFile)!;
            var baseline = Baseline.FromFindings(result.Findings);
            OutputFile.Write(Path.GetFullPath(file, currentDirectory), file, baseline.Write);
            var entries = baseline.Entries.Count == 1 ? "1 entry" : string.Create(CultureInfo.InvariantCulture, $"{baseline.Entries.Count} entries");
            output.WriteLine($"Wrote {entries} to {file}.");
            return ExitCodes.Success;
        }));

        return command;
    }
}
