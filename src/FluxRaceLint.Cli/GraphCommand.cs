using System.CommandLine;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Cli;

/// <summary>The <c>graph</c> command: draw each cluster's Kustomizations, HelmReleases and dependsOn edges.</summary>
internal static class GraphCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var shared = new LintArguments();
        var format = new Option<string>("--format", "-f")
        {
            Description = "mermaid (renders in GitHub Markdown) or dot (for Graphviz).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong([.. GraphWriter.Formats]);
        var outputFile = new Option<string?>("--output", "-o") { HelpName = "FILE", Description = "Write the graph to this file instead of standard output." };

        var command = new Command("graph", "Draw each cluster's Kustomizations and HelmReleases, with dependsOn edges, readiness gates and the edges a race needs.")
        {
            shared.Path, shared.RepositoryRoot, format, outputFile, shared.Config, shared.NoConfig, shared.Verbose, shared.Debug,
        };

        command.SetAction(parseResult => shared.Invoke(parseResult, error, currentDirectory, () =>
        {
            var result = Linter.Run(shared.ToOptions(parseResult, currentDirectory));
            shared.WriteVerbose(parseResult, result, error);
            var chosen = parseResult.GetValue(format)!;
            if (parseResult.GetValue(outputFile) is { } file)
                OutputFile.Write(Path.GetFullPath(file, currentDirectory), file, text => GraphWriter.Write(result.Graphs, chosen, text));
            else
                GraphWriter.Write(result.Graphs, chosen, output);
            return ExitCodes.Success;
        }));

        return command;
    }
}
