namespace FluxRaceLint.Cli;

/// <summary>Writes a file through a temporary file in the same folder and a rename, so readers never see half a report.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        if (Directory.Exists(path))
            throw new UsageException($"The output '{path}' is a folder; give a file name.");
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
            throw new UsageException($"The folder of the output file '{path}' does not exist.");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
                write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
