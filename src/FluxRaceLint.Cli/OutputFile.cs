using System.Runtime.InteropServices;

namespace FluxRaceLint.Cli;

/// <summary>
/// Writes the file of an --output option. A regular file is written through a temporary file in the
/// same folder and a rename, so readers never see half a report. A symbolic link is followed, so the
/// link stays and its target gets the report. A character device or FIFO, such as /dev/stdout, is
/// written directly, because renaming onto it would replace the device with a regular file.
/// </summary>
internal static partial class OutputFile
{
    // Linux allows 40 links on one path before it fails with ELOOP.
    private const int MaxLinkHops = 40;

    /// <param name="path">The absolute path to write.</param>
    /// <param name="displayPath">The path as the user gave it, for messages.</param>
    /// <param name="write">Writes the content.</param>
    public static void Write(string path, string displayPath, Action<TextWriter> write)
    {
        if (Directory.Exists(path))
            throw new UsageException($"The output '{displayPath}' is a folder; give a file name.");

        try
        {
            var target = FollowLinks(path);
            if (File.Exists(target) && !FileType.IsRegularFile(target))
            {
                WriteDirectly(target, write);
                return;
            }

            var directory = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(directory))
                throw new UsageException($"The folder of the output file '{displayPath}' does not exist.");
            WriteThroughTemporaryFile(target, directory, write);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The --output file '{displayPath}' cannot be written: {Reason(exception)}.");
        }
    }

    /// <summary>
    /// Returns the file that <paramref name="path"/> finally names, one link at a time. A link whose
    /// target is not a path but opens anyway, such as /proc/self/fd/1 pointing at 'pipe:[123]', is
    /// returned itself, because only the kernel can open what it names.
    /// </summary>
    private static string FollowLinks(string path)
    {
        var current = path;
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            // LinkTarget is null for a missing file, which File.ResolveLinkTarget rejects.
            if (new FileInfo(current).LinkTarget is null)
                return current;
            var next = File.ResolveLinkTarget(current, returnFinalTarget: false)!;
            if (!next.Exists && FileType.Resolves(current))
                return current;
            current = next.FullName;
        }

        throw new IOException($"more than {MaxLinkHops} symbolic links lead on from it");
    }

    private static void WriteDirectly(string target, Action<TextWriter> write)
    {
        using var stream = new FileStream(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        write(writer);
    }

    private static void WriteThroughTemporaryFile(string target, string directory, Action<TextWriter> write)
    {
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.tmp");
        try
        {
            try
            {
                using var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false));
                write(writer);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                // open(O_CREAT) fails with ENOENT in a folder that exists only on file systems such as
                // /proc and /sys, which do not allow new files.
                throw new IOException($"its folder '{directory}' does not allow new files", exception);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>
    /// Returns the operating system's reason. For a denied access .NET names the temporary file in
    /// its own message, so the reason comes from the inner exception.
    /// </summary>
    private static string Reason(Exception exception) =>
        exception is UnauthorizedAccessException
            ? exception.InnerException?.Message ?? "permission denied"
            : exception.Message.TrimEnd('.');

    /// <summary>Reads the file type from statx(2), which has the same layout on every Linux architecture.</summary>
    private static partial class FileType
    {
        private const int CurrentDirectory = -100;
        private const uint StatxType = 0x1;
        private const int ModeOffset = 28;
        private const int TypeMask = 0xF000;
        private const int RegularFile = 0x8000;

        /// <summary>
        /// Returns whether <paramref name="path"/>, after links, is a regular file. Outside Linux, or
        /// when statx is missing, every existing file counts as regular.
        /// </summary>
        public static bool IsRegularFile(string path) =>
            Mode(path) is not { } mode || (mode & TypeMask) == RegularFile;

        /// <summary>Returns whether the kernel finds a file at <paramref name="path"/> after links. Outside Linux it returns false.</summary>
        public static bool Resolves(string path) => Mode(path) is not null;

        private static int? Mode(string path)
        {
            // NOTE: macOS and Windows are not checked, so -o /dev/stdout there still goes through a rename.
            if (!OperatingSystem.IsLinux())
                return null;
            var buffer = new byte[256];
            try
            {
                if (Statx(CurrentDirectory, path, 0, StatxType, buffer) != 0)
                    return null;
            }
            catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
            {
                return null;
            }

            return BitConverter.ToUInt16(buffer, ModeOffset);
        }

        [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Statx(int directoryDescriptor, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
