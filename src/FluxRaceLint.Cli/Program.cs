namespace FluxRaceLint.Cli;

public static class Program
{
    public static int Main(string[] args) =>
        CommandLine.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, TerminalEnvironment.FromProcess());
}
