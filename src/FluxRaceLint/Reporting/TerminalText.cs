using System.Globalization;
using System.Text;

namespace FluxRaceLint.Reporting;

/// <summary>
/// Makes text from the repository safe to print. Names, keys and file names can contain control
/// characters (YAML's "\e" escape, a newline in a file name), which a terminal runs as escape
/// sequences, or which start a line that reads as another finding.
/// </summary>
public static class TerminalText
{
    /// <summary>Returns the text with every control character but tab written as a <c>\uXXXX</c> escape.</summary>
    /// <param name="keepLineBreaks">Keeps '\r' and '\n', for a format that encodes them itself.</param>
    public static string Escape(string text, bool keepLineBreaks = false)
    {
        bool IsUnsafe(char c) => char.IsControl(c) && c != '\t' && !(keepLineBreaks && c is '\r' or '\n');

        if (!text.Any(IsUnsafe))
            return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else
                builder.Append(c);
        }

        return builder.ToString();
    }
}
