namespace FluxRaceLint.Knowledge;

/// <summary>How well an entry of the knowledge base was checked against the chart's source.</summary>
public enum KnowledgeConfidence
{
    High,

    /// <summary>Not checked against the chart's source. The entry's note names what is unverified.</summary>
    Low,
}
