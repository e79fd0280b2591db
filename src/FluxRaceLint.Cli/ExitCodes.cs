namespace FluxRaceLint.Cli;

/// <summary>The process exit codes, which CI scripts and pre-commit rely on.</summary>
public static class ExitCodes
{
    /// <summary>No finding at or above the fail level.</summary>
    public const int Success = 0;

    /// <summary>At least one finding at or above the fail level.</summary>
    public const int Findings = 1;

    /// <summary>The command line or its arguments are wrong.</summary>
    public const int Usage = 2;

    /// <summary>The linter itself failed; standard error gives the causes.</summary>
    public const int InternalError = 3;
}
