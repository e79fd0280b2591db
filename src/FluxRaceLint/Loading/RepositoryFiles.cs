using System.Collections.Concurrent;
using System.Text;

namespace FluxRaceLint.Loading;

public enum EntryKind
{
    None,
    File,
    Directory,
}

/// <summary>
/// The repository as source-controller packages it: ignored paths are absent, links that leave the
/// repository or loop are never followed, and every file is read and parsed at most once.
/// All paths are repository-relative with '/' separators; the root is the empty string.
/// </summary>
public sealed class RepositoryFiles
{
    private readonly string _root;
    private readonly ReadLimits _limits;
    private readonly RunLog _log;
    private readonly SourceIgnore _ignore = new();
    private readonly ConcurrentDictionary<string, Lazy<SourceFile>> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DirectoryListing> _listings = new(StringComparer.Ordinal);

    public RepositoryFiles(string root, ReadLimits limits, RunLog log)
    {
        _root = Path.GetFullPath(root);
        _limits = limits;
        _log = log;
        LoadSourceIgnoreFiles();
    }

    public string Root => _root;

    public ReadLimits Limits => _limits;

    /// <summary>
    /// Joins <paramref name="relative"/> to <paramref name="directory"/> and folds '.' and '..'.
    /// Returns null when the result leaves the repository.
    /// </summary>
    public static string? Join(string directory, string relative)
    {
        if (relative.Contains('\0', StringComparison.Ordinal) || directory.Contains('\0', StringComparison.Ordinal))
            return null;
        var parts = new List<string>();
        if (!relative.StartsWith('/'))
            parts.AddRange(directory.Split('/', StringSplitOptions.RemoveEmptyEntries));

        foreach (var part in relative.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                if (parts.Count == 0)
                    return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    public string ToAbsolute(string path) => path.Length == 0 ? _root : Path.Combine(_root, path);

    /// <summary>Converts an absolute path inside the repository to a repository-relative one.</summary>
    public string? ToRelative(string absolutePath)
    {
        var relative = Path.GetRelativePath(_root, Path.GetFullPath(absolutePath)).Replace('\\', '/');
        if (relative == ".")
            return "";
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return null;
        return relative;
    }

    public EntryKind GetKind(string path)
    {
        if (path.Length == 0)
            return EntryKind.Directory;
        var listing = List(Parent(path));
        var name = FileName(path);
        if (listing.Directories.Contains(name))
            return EntryKind.Directory;
        if (listing.Files.Contains(name))
            return EntryKind.File;
        return EntryKind.None;
    }

    /// <summary>Returns the files and folders directly inside a folder, sorted by ordinal name.</summary>
    public DirectoryListing List(string directory) => _listings.GetOrAdd(directory, ReadListing);

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

    /// <summary>Every YAML file at or below a folder, in the lexical order kustomize walks.</summary>
    public IEnumerable<string> YamlFilesBelow(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            var listing = List(current);
            foreach (var file in listing.Files)
            {
                if (IsYaml(file))
                    yield return Combine(current, file);
            }

            for (var i = listing.Directories.Count - 1; i >= 0; i--)
                pending.Push(Combine(current, listing.Directories[i]));
        }
    }

    public static string Combine(string directory, string name) => directory.Length == 0 ? name : $"{directory}/{name}";

    /// <summary>Returns the parsed file; call only for paths that <see cref="GetKind"/> reports as files.</summary>
    public SourceFile GetFile(string path) =>
        _files.GetOrAdd(path, key => new Lazy<SourceFile>(() => ReadFile(key), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Every file read so far, sorted by path.</summary>
    public IReadOnlyList<SourceFile> LoadedFiles() =>
        [.. _files.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value).OrderBy(file => file.Path, StringComparer.Ordinal)];

    private DirectoryListing ReadListing(string directory)
    {
        // A folder is listed only when its parent lists it, so a path through a link to a folder
        // (which listings leave out) never reaches what lies behind the link.
        if (directory.Length > 0 && GetKind(directory) != EntryKind.Directory)
            return new DirectoryListing([], []);
        var files = new List<string>();
        var directories = new List<string>();
        var absolute = ToAbsolute(directory);
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(absolute).EnumerateFileSystemInfos().ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            _log.Note($"skipped folder '{DisplayPath(directory)}': it cannot be listed ({exception.Message})");
            return new DirectoryListing([], []);
        }

        foreach (var entry in entries)
        {
            var path = Combine(directory, entry.Name);
            var isDirectory = entry is DirectoryInfo;
            if (_ignore.IsIgnored(path, isDirectory))
                continue;

            if (entry.LinkTarget is not null)
            {
                if (isDirectory)
                {
                    _log.Note($"skipped '{path}': it is a link to a folder, and links to folders are not followed");
                    continue;
                }

                if (!IsFileLinkInsideRepository(entry, path))
                    continue;
            }

            if (isDirectory)
                directories.Add(entry.Name);
            else
                files.Add(entry.Name);
        }

        files.Sort(StringComparer.Ordinal);
        directories.Sort(StringComparer.Ordinal);
        return new DirectoryListing(files, directories);
    }

    private bool IsFileLinkInsideRepository(FileSystemInfo entry, string path)
    {
        try
        {
            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !target.Exists || target is DirectoryInfo)
            {
                _log.Note($"skipped '{path}': it is a link whose target does not exist");
                return false;
            }

            if (ToRelative(target.FullName) is null)
            {
                _log.Note($"skipped '{path}': it is a link to '{target.FullName}', outside the repository, and is not followed");
                return false;
            }

            return true;
        }
        catch (IOException)
        {
            _log.Note($"skipped '{path}': it is a link that loops or cannot be resolved");
            return false;
        }
    }

    /// <summary>
    /// Reads a file's text without parsing it as YAML and without adding it to the loaded files, for
    /// data files that kustomize generators embed. Returns null with the reason when the file is too
    /// large, not a regular file, binary or not UTF-8.
    /// </summary>
    public string? ReadText(string path, out string? failure)
    {
        var scratch = new SourceFile(path);
        var bytes = ReadBytes(scratch);
        var text = bytes is null ? null : Decode(bytes, scratch);
        failure = scratch.Problems.Count > 0 ? scratch.Problems[0].Message : null;
        return failure is null ? text : null;
    }

    private SourceFile ReadFile(string path)
    {
        var file = new SourceFile(path);
        var bytes = ReadBytes(file);
        if (bytes is null)
            return file;
        var text = Decode(bytes, file);
        if (text is not null)
            Parse(file, text);
        return file;
    }

    /// <summary>Returns the file's bytes, or null with the reason added to the file's problems.</summary>
    private byte[]? ReadBytes(SourceFile file)
    {
        var path = file.Path;
        var absolute = ToAbsolute(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(absolute);
            if (info.Length > _limits.MaxFileBytes)
            {
                file.Problems.Add(new InputProblem(
                    path,
                    new Position(1, 1),
                    new Position(1, 1),
                    $"The file is {info.Length} bytes, more than the limit of {_limits.MaxFileBytes} bytes, so it was not read.",
                    "Split the file, exclude it with a .sourceignore entry, or raise the file size limit."));
                return null;
            }

            bytes = SafeFileReader.Read(absolute, _limits.MaxFileBytes);
            if (bytes.Length > _limits.MaxFileBytes)
            {
                file.Problems.Add(new InputProblem(
                    path,
                    new Position(1, 1),
                    new Position(1, 1),
                    $"The file is more than the limit of {_limits.MaxFileBytes} bytes long, so it was not read.",
                    "Split the file, exclude it with a .sourceignore entry, or raise the file size limit."));
                return null;
            }
        }
        catch (NotRegularFileException)
        {
            file.Problems.Add(new InputProblem(
                path,
                new Position(1, 1),
                new Position(1, 1),
                "The file is a named pipe, socket or device, not a regular file, so it was not read.",
                "Remove it from the repository, or exclude it with a .sourceignore entry.") { Level = Diagnostics.Severity.Note });
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            file.Problems.Add(new InputProblem(
                path,
                new Position(1, 1),
                new Position(1, 1),
                $"The file cannot be read: {exception.Message}",
                "Check the file's permissions, or exclude it with a .sourceignore entry."));
            return null;
        }

        return bytes;
    }

    private void Parse(SourceFile file, string text)
    {
        file.Text = text;
        YamlDocumentParser.Parse(file, text, _limits);
        if (file.Problems.Count == 0 || !text.Contains("{{", StringComparison.Ordinal))
            return;

        // Helm and Go templates are not YAML until rendered, and neither controller applies them as
        // written, so a failure to parse one is worth a note, not an error.
        for (var i = 0; i < file.Problems.Count; i++)
        {
            var problem = file.Problems[i];
            file.Problems[i] = problem with
            {
                Message = problem.Message + " The file contains '{{', so it looks like a template that is rendered before use.",
                Help = "Exclude templates with a .sourceignore entry, or ignore this note.",
                Level = Diagnostics.Severity.Note,
            };
        }
    }

    private static string? Decode(byte[] bytes, SourceFile file)
    {
        var zero = Array.IndexOf(bytes, (byte)0);
        if (zero >= 0)
        {
            file.Problems.Add(new InputProblem(
                file.Path,
                LineOf(bytes, zero),
                LineOf(bytes, zero),
                "The file contains a NUL byte, so it is binary, not YAML.",
                "Rename the file so it does not end in .yaml or .yml, or exclude it with a .sourceignore entry."));
            return null;
        }

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException exception)
        {
            var at = offset + Math.Max(0, exception.Index);
            file.Problems.Add(new InputProblem(
                file.Path,
                LineOf(bytes, at),
                LineOf(bytes, at),
                "The file is not valid UTF-8, which YAML requires.",
                "Re-encode the file as UTF-8."));
            return null;
        }
    }

    private static Position LineOf(byte[] bytes, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new Position(line, index - lineStart + 1);
    }

    private void LoadSourceIgnoreFiles()
    {
        // Patterns of a .sourceignore apply below its folder, so folders are visited parent first
        // and each listing applies the patterns of every ancestor.
        var pending = new Queue<string>();
        pending.Enqueue("");
        var visited = 0;
        while (pending.Count > 0 && visited++ < 100_000)
        {
            var directory = pending.Dequeue();
            var ignoreFile = Path.Combine(ToAbsolute(directory), ".sourceignore");
            if (File.Exists(ignoreFile) && new FileInfo(ignoreFile).LinkTarget is null)
            {
                try
                {
                    _ignore.AddFile(directory, SafeFileReader.ReadText(ignoreFile, _limits.MaxFileBytes));
                    _log.Note($"read ignore patterns from '{Combine(directory, ".sourceignore")}'");
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    _log.Note($"could not read '{Combine(directory, ".sourceignore")}': {exception.Message}");
                }
            }

            // The listing is computed after this folder's own patterns are known.
            _listings.TryRemove(directory, out _);
            foreach (var child in List(directory).Directories)
                pending.Enqueue(Combine(directory, child));
        }
    }

    private static string DisplayPath(string path) => path.Length == 0 ? "." : path;
}

public sealed record DirectoryListing(IReadOnlyList<string> Files, IReadOnlyList<string> Directories);
