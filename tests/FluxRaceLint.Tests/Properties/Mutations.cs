using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace FluxRaceLint.Tests.Properties;

public enum MutationKind
{
    DeleteLine,
    DuplicateLine,
    SwapLines,
    InsertByte,
    Truncate,
    ChangeIndentation,
    TemplateScalar,
    AnchorAlias,
    LongScalar,
}

/// <summary>
/// One edit of one YAML file. <see cref="File"/>, <see cref="First"/> and <see cref="Second"/> are
/// taken modulo the number of files, lines, bytes or scalars, so the same mutation applies to any
/// repository, and shrinking them towards zero picks the first file and the first line.
/// </summary>
public sealed record Mutation(MutationKind Kind, int File, int First, int Second, int Value)
{
    /// <summary>Upper bound of the generated positions, larger than the line and byte count of any manifest in the tests.</summary>
    private const int MaxPosition = 1 << 20;

    public static readonly Gen<Mutation> Gen =
        CsCheck.Gen.Select(
            CsCheck.Gen.Enum<MutationKind>(),
            CsCheck.Gen.Int[0, MaxPosition],
            CsCheck.Gen.Int[0, MaxPosition],
            CsCheck.Gen.Int[0, MaxPosition],
            CsCheck.Gen.Int[0, 255],
            (kind, file, first, second, value) => new Mutation(kind, file, first, second, value));

    public override string ToString() => $"{Kind}(file {File}, first {First}, second {Second}, value {Value})";
}

/// <summary>The index of a <see cref="BaseRepository"/> in the tested list, and the mutations applied to its YAML files in order.</summary>
public sealed record MutationCase(int Repository, Mutation[] Mutations);

/// <summary>A repository read into memory once: every file, so that a .sourceignore or a non-YAML file stays in place.</summary>
internal sealed class BaseRepository
{
    private BaseRepository(string name, SortedDictionary<string, byte[]> files)
    {
        Name = name;
        Files = files;
        YamlFiles = [.. files.Keys.Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))];
    }

    /// <summary>The repository's folder relative to the folder it was found in, such as 'guide/ok-three-level'.</summary>
    public string Name { get; }

    /// <summary>Every file by its '/'-separated path relative to the repository, in ordinal order.</summary>
    public SortedDictionary<string, byte[]> Files { get; }

    public IReadOnlyList<string> YamlFiles { get; }

    public static BaseRepository Read(string parent, string directory)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (relative.StartsWith(".git/", StringComparison.Ordinal))
                continue;
            files[relative] = File.ReadAllBytes(file);
        }

        return new BaseRepository(Path.GetRelativePath(parent, directory).Replace('\\', '/'), files);
    }

    public override string ToString() => Name;
}

/// <summary>Applies <see cref="Mutation"/>s to file contents.</summary>
internal static partial class Mutator
{
    /// <summary>Returns the mutated files of <paramref name="repository"/>: only the files that changed, by path.</summary>
    public static Dictionary<string, byte[]> Apply(BaseRepository repository, IEnumerable<Mutation> mutations)
    {
        var changed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (repository.YamlFiles.Count == 0)
            return changed;
        foreach (var mutation in mutations)
        {
            var path = repository.YamlFiles[mutation.File % repository.YamlFiles.Count];
            var content = changed.TryGetValue(path, out var current) ? current : repository.Files[path];
            changed[path] = Apply(content, mutation);
        }

        return changed;
    }

    public static byte[] Apply(byte[] content, Mutation mutation)
    {
        switch (mutation.Kind)
        {
            case MutationKind.InsertByte:
            {
                var at = mutation.First % (content.Length + 1);
                return [.. content.AsSpan(0, at), (byte)mutation.Value, .. content.AsSpan(at)];
            }

            case MutationKind.Truncate:
                return content[..(mutation.First % (content.Length + 1))];
        }

        // The remaining mutations work on lines. Decoding turns invalid UTF-8 from an earlier
        // InsertByte into U+FFFD, so a later line mutation writes the file as valid UTF-8 again.
        var lines = SplitLines(Encoding.UTF8.GetString(content));
        if (lines.Count == 0)
            return content;
        var first = mutation.First % lines.Count;
        var second = mutation.Second % lines.Count;
        switch (mutation.Kind)
        {
            case MutationKind.DeleteLine:
                lines.RemoveAt(first);
                break;
            case MutationKind.DuplicateLine:
                lines.Insert(first, EndWithNewline(lines[first]));
                break;
            case MutationKind.SwapLines:
                (lines[first], lines[second]) = (EndWithNewline(lines[second]), EndWithNewline(lines[first]));
                break;
            case MutationKind.ChangeIndentation:
                lines[first] = Reindent(lines[first], mutation.Second, mutation.Value);
                break;
            case MutationKind.TemplateScalar:
                ReplaceScalar(lines, mutation.First, _ => "{{ x }}");
                break;
            case MutationKind.AnchorAlias:
                // The anchor goes on one scalar and the alias replaces another. When the alias comes
                // first, it refers to an anchor that is not defined yet.
                ReplaceScalar(lines, mutation.First, value => $"&anchor{mutation.Value} {value}");
                ReplaceScalar(lines, mutation.Second, _ => $"*anchor{mutation.Value}");
                break;
            case MutationKind.LongScalar:
                // 1 KiB to 128 KiB of one character, plain or quoted.
                var text = new string((char)('a' + (mutation.Value % 26)), 1024 << (mutation.Value % 8));
                ReplaceScalar(lines, mutation.First, _ => mutation.Second % 2 == 0 ? text : $"\"{text}\"");
                break;
        }

        return Encoding.UTF8.GetBytes(string.Concat(lines));
    }

    /// <summary>Splits text into lines that keep their line break, so joining them restores the text.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }

            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }

        return lines;
    }

    private static string EndWithNewline(string line) => line.EndsWith('\n') ? line : line + "\n";

    /// <summary>Adds 1 to 5 spaces, removes up to 5, or replaces the indentation with a tab.</summary>
    private static string Reindent(string line, int direction, int amount)
    {
        var body = line.TrimStart(' ');
        var indentation = line.Length - body.Length;
        var count = (amount % 5) + 1;
        return (direction % 3) switch
        {
            0 => new string(' ', indentation + count) + body,
            1 => new string(' ', Math.Max(0, indentation - count)) + body,
            _ => "\t" + body,
        };
    }

    /// <summary>Replaces the value of the n-th line (modulo their count) that has a plain 'key: value' or '- value' scalar.</summary>
    private static void ReplaceScalar(List<string> lines, int choice, Func<string, string> replace)
    {
        var candidates = new List<(int Line, Match Match)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var match = ScalarLine().Match(lines[i]);
            if (match.Success)
                candidates.Add((i, match));
        }

        if (candidates.Count == 0)
            return;
        var (line, found) = candidates[choice % candidates.Count];
        var value = found.Groups["value"];
        lines[line] = string.Concat(lines[line].AsSpan(0, value.Index), replace(value.Value), lines[line].AsSpan(value.Index + value.Length));
    }

    // A sequence entry ('- value', '- key: value') or a mapping entry ('key: value') whose value is a
    // plain scalar: not a block scalar, flow collection, quoted string, anchor, alias or tag.
    [GeneratedRegex(@"^\s*(?:-\s+(?:[^\s#'""{}\[\]&*!|>-][^:#]*:\s+)?|[^\s#'""{}\[\]&*!|>-][^:#]*:\s+)(?<value>[^\s#&*!|>{}\[\]'""][^#\r\n]*?)[ \t]*\r?\n?$")]
    private static partial Regex ScalarLine();
}
