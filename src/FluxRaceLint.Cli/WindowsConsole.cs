using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace FluxRaceLint.Cli;

/// <summary>
/// Turns on ANSI escape processing in the Windows console, which conhost leaves off for programs
/// that do not ask for it.
/// </summary>
internal static partial class WindowsConsole
{
    private const int StandardOutputHandle = -11;

    private const uint EnableVirtualTerminalProcessing = 0x0004;

    /// <summary>
    /// Returns whether the console on standard output interprets ANSI escapes. Terminals on other
    /// systems do, so this returns true there. On Windows it sets
    /// <c>ENABLE_VIRTUAL_TERMINAL_PROCESSING</c> and returns false when the console rejects it, as
    /// consoles before Windows 10 do.
    /// </summary>
    public static bool TryEnableAnsiEscapes()
    {
        if (!OperatingSystem.IsWindows())
            return true;

        // NOTE: untested on a Windows console, because the tests and CI run on Linux.
        var handle = GetStdHandle(StandardOutputHandle);
        if (handle == IntPtr.Zero || handle == new IntPtr(-1))
            return false;
        if (!GetConsoleMode(handle, out var mode))
            return false;
        return (mode & EnableVirtualTerminalProcessing) != 0 || SetConsoleMode(handle, mode | EnableVirtualTerminalProcessing);
    }

    [SupportedOSPlatform("windows")]
    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial IntPtr GetStdHandle(int standardHandle);

    [SupportedOSPlatform("windows")]
    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetConsoleMode(IntPtr console, out uint mode);

    [SupportedOSPlatform("windows")]
    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool SetConsoleMode(IntPtr console, uint mode);
}
