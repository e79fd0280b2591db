namespace FluxRaceLint.Loading;

/// <summary>How the repository root was chosen, for --verbose.</summary>
public sealed record RepositoryRoot(string Path, string Reason, string? OriginUrl);

/// <summary>
/// Finds the folder that Flux paths resolve against. Flux resolves spec.path against the root of
/// the source artifact, which for a GitRepository is the repository's top folder.
/// </summary>
public static class RepositoryRootLocator
{
    public static RepositoryRoot Locate(string lintPath, string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            var root = Path.GetFullPath(explicitRoot);
            return new RepositoryRoot(root, "given by --repo-root", ReadOriginUrl(root));
        }

        var gitRoot = FindGitRoot(lintPath);
        var inferred = InferFromBootstrap(lintPath, gitRoot);
        if (inferred is not null && (gitRoot is null || !SamePath(inferred, gitRoot)))
        {
            return new RepositoryRoot(
                inferred,
                "inferred: the bootstrap Kustomization's spec.path leads from it to the folder holding its own manifest",
                gitRoot is null ? null : ReadOriginUrl(gitRoot));
        }

        if (gitRoot is not null)
            return new RepositoryRoot(gitRoot, "the nearest folder holding .git", ReadOriginUrl(gitRoot));
        return new RepositoryRoot(Path.GetFullPath(lintPath), "no .git found above the path, so the path itself", null);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), StringComparison.Ordinal);

    private static string? FindGitRoot(string lintPath)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(lintPath));
        while (directory is not null)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".git")) || File.Exists(Path.Combine(directory.FullName, ".git")))
                return directory.FullName;
            directory = directory.Parent;
        }

        return null;
    }

    /// <summary>
    /// A bootstrap Kustomization such as flux-system with 'path: ./clusters/demo' lives in
    /// clusters/demo/flux-system/; the folder from which that path reaches its own file is the root.
    /// This finds the root of a repository copied without its .git folder.
    /// </summary>
    private static string? InferFromBootstrap(string lintPath, string? gitRoot)
    {
        var start = Path.GetFullPath(lintPath);
        if (!Directory.Exists(start))
            return null;

        string? found = null;
        var pending = new Stack<(string Path, int Depth)>();
        pending.Push((start, 0));
        var visited = 0;
        while (pending.Count > 0 && visited++ < 2_000)
        {
            var (directory, depth) = pending.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var name = System.IO.Path.GetFileName(entry);
                if (name.StartsWith('.'))
                    continue;
                var info = new FileInfo(entry);
                if (info.LinkTarget is not null)
                    continue;
                if (Directory.Exists(entry))
                {
                    if (depth < 4)
                        pending.Push((entry, depth + 1));
                    continue;
                }

                if (!(name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)) || info.Length > 256 * 1024)
                    continue;
                var candidate = RootFromFile(entry, gitRoot);
                if (candidate is null)
                    continue;
                if (found is not null && !SamePath(found, candidate))
                    return null;
                found = candidate;
            }
        }

        return found;
    }

    private static string? RootFromFile(string file, string? gitRoot)
    {
        string text;
        try
        {
            text = SafeFileReader.ReadText(file, 256 * 1024);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (!text.Contains("kustomize.toolkit.fluxcd.io", StringComparison.Ordinal) || !text.Contains("flux-system", StringComparison.Ordinal))
            return null;

        var source = new SourceFile(System.IO.Path.GetFileName(file));
        YamlDocumentParser.Parse(source, text, ReadLimits.Default);
        foreach (var document in source.Documents)
        {
            if (document.Root is not YMapping root || (root.Get("kind") as YScalar)?.Value != "Kustomization")
                continue;
            var spec = root.Get("spec") as YMapping;
            var sourceRef = spec?.Get("sourceRef") as YMapping;
            if ((sourceRef?.Get("name") as YScalar)?.Value != "flux-system" || (spec?.Get("path") as YScalar)?.Value is not { } path)
                continue;
            var relative = RepositoryFiles.Join("", path);
            if (string.IsNullOrEmpty(relative))
                continue;

            // Walk up from the file's folder until the remaining suffix starts with the path.
            var directory = new DirectoryInfo(System.IO.Path.GetDirectoryName(file)!);
            while (directory is not null)
            {
                var candidate = directory.FullName;
                var target = System.IO.Path.Combine(candidate, relative);
                var fileDirectory = System.IO.Path.GetDirectoryName(file)!;
                if (fileDirectory == target || fileDirectory.StartsWith(target + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    if (gitRoot is null || candidate.StartsWith(gitRoot, StringComparison.Ordinal))
                        return candidate;
                }

                directory = directory.Parent;
            }
        }

        return null;
    }

    /// <summary>Reads the URL of the 'origin' remote from .git/config, without running git.</summary>
    private static string? ReadOriginUrl(string root)
    {
        var gitFolder = System.IO.Path.Combine(root, ".git");
        var config = System.IO.Path.Combine(gitFolder, "config");
        if (!File.Exists(config) || new DirectoryInfo(gitFolder).LinkTarget is not null || new FileInfo(config).LinkTarget is not null)
            return null;
        try
        {
            var inOrigin = false;
            foreach (var raw in SafeFileReader.ReadText(config, 1024 * 1024).Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith('['))
                {
                    inOrigin = line.Replace(" ", "", StringComparison.Ordinal) == "[remote\"origin\"]";
                    continue;
                }

                if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.IndexOf('=') is var equals and > 0)
                    return line[(equals + 1)..].Trim();
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
