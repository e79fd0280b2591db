namespace FluxRaceLint.Reporting;

public static class PathDisplay
{
    /// <summary>
    /// Returns a repository-relative path as seen from <paramref name="currentDirectory"/>, with '/'
    /// separators, the way a compiler prints it.
    /// </summary>
    public static string FromCurrentDirectory(string repositoryRoot, string repositoryPath, string currentDirectory, bool absolutePaths = false)
    {
        var absolute = Path.GetFullPath(Path.Combine(repositoryRoot, repositoryPath));
        if (absolutePaths)
            return absolute.Replace('\\', '/');
        var relative = Path.GetRelativePath(currentDirectory, absolute);
        return relative.Replace('\\', '/');
    }
}
