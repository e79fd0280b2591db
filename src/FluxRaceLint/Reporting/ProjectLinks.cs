using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Reporting;

/// <summary>Public web addresses of the project that reports link to.</summary>
public static class ProjectLinks
{
    /// <summary>Address of the project's repository, equal to <c>RepositoryUrl</c> in Directory.Build.props.</summary>
    public const string RepositoryUrl = "https://github.com/fluxracelint/fluxracelint";

    /// <summary>Returns the address of the rule's documentation page on the main branch.</summary>
    public static string RulePageUri(RuleDescriptor rule) => $"{RepositoryUrl}/blob/main/{rule.PagePath}";
}
