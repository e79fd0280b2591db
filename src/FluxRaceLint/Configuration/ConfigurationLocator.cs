namespace FluxRaceLint.Configuration;

/// <summary>Finds the <c>.fluxracelint.yaml</c> that applies to a lint path.</summary>
public static class ConfigurationLocator
{
    /// <summary>
    /// Returns the absolute path of the first <c>.fluxracelint.yaml</c> in <paramref name="lintPath"/>
    /// or a folder above it, stopping at <paramref name="repositoryRoot"/>, or null when there is none.
    /// A lint path outside the root is searched on its own.
    /// </summary>
    public static string? Find(string lintPath, string repositoryRoot)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        var directory = new DirectoryInfo(Path.GetFullPath(lintPath));
        while (directory is not null)
        {
            var candidate = Path.Combine(directory.FullName, ConfigurationParser.FileName);
            if (File.Exists(candidate))
                return candidate;
            if (string.Equals(Path.TrimEndingDirectorySeparator(directory.FullName), root, StringComparison.Ordinal))
                return null;
            if (!directory.FullName.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return null;
            directory = directory.Parent;
        }

        return null;
    }

    /// <summary>
    /// Returns the final target of <paramref name="file"/> when the file is a link that leads outside
    /// <paramref name="repositoryRoot"/>, or null when it is no link or stays inside.
    /// </summary>
    public static string? LinkTargetOutside(string file, string repositoryRoot)
    {
        var info = new FileInfo(file);
        if (info.LinkTarget is not { } link)
            return null;
        string target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link;
        }
        catch (IOException)
        {
            target = link;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        return target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? null : target;
    }
}
