namespace FluxRaceLint.Knowledge;

/// <summary>A knowledge base file that is not valid YAML or does not follow the schema.</summary>
public sealed class KnowledgeBaseFormatException : FormatException
{
    public KnowledgeBaseFormatException()
    {
    }

    public KnowledgeBaseFormatException(string message)
        : base(message)
    {
    }

    public KnowledgeBaseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KnowledgeBaseFormatException(string source, long line, long column, string problem, Exception? innerException = null)
        : base($"{source}:{line}:{column}: {problem}", innerException)
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The problem without the source and position in front of it.</summary>
    public string? Problem { get; }

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public long Column { get; }
}
