using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace FluxRaceLint.Reporting;

/// <summary>Serialises a report document through its source-generated type information.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // A fixed newline keeps the bytes the same on every operating system.
        NewLine = "\n",
        // Messages quote names in single quotes, which the default encoder writes as \u0027. The
        // relaxed encoder is unsafe only for JSON embedded in HTML, and a report is never embedded.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> as indented JSON followed by a newline.</summary>
    public static void Write<T>(T value, JsonTypeInfo<T> typeInfo, TextWriter output)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }
}
