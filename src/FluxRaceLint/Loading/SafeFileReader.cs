using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FluxRaceLint.Loading;

/// <summary>
/// Reads a file without blocking on special files. Opening a named pipe for reading blocks until a
/// writer appears, so on Linux files are opened with O_NONBLOCK. A file that cannot seek (a pipe,
/// socket or device) is then rejected, and a regular file is read up to one byte past the limit.
/// </summary>
/// <summary>The path is a named pipe, socket or device, which the linter never reads.</summary>
internal sealed class NotRegularFileException(string path) : IOException($"'{path}' is not a regular file")
{
}

internal static partial class SafeFileReader
{
    private const int ReadOnly = 0;
    private const int NonBlockingLinux = 0x800;

    /// <summary>Returns the bytes of the file, at most <paramref name="maxBytes"/> + 1 of them.</summary>
    public static byte[] Read(string path, long maxBytes)
    {
        using var stream = Open(path);

        // Regular files seek; named pipes, sockets and character devices do not.
        if (!stream.CanSeek)
            throw new NotRegularFileException(path);
        // A regular file is read in one piece of its own length (at most one byte past the limit,
        // so the caller can tell an oversized file).
        var length = (int)Math.Min(stream.Length, Math.Min(maxBytes + 1, int.MaxValue - 1));
        var bytes = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = stream.Read(bytes, total, length - total);
            if (read <= 0)
                break;
            total += read;
        }

        return total == length ? bytes : bytes[..total];
    }

    public static string ReadText(string path, long maxBytes) => System.Text.Encoding.UTF8.GetString(Read(path, maxBytes));

    private static FileStream Open(string path)
    {
        // NOTE: only Linux opens without blocking; elsewhere a named pipe in the repository still blocks.
        if (!OperatingSystem.IsLinux())
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var descriptor = OpenNative(path, ReadOnly | NonBlockingLinux);
        if (descriptor < 0)
            throw new IOException($"cannot open '{path}' (error {Marshal.GetLastPInvokeError()})");
        return new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags);
}
