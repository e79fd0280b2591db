using FluxRaceLint.Loading;

namespace FluxRaceLint.Configuration;

/// <summary>
/// A configuration file that cannot be used: a YAML error, an unknown key, a value of the wrong type,
/// an unknown rule or a bad level. The CLI reports it with exit code 2.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string file, Position position, string message)
        : base(message)
    {
        File = file;
        Position = position;
    }

    /// <summary>Absolute path of the configuration file.</summary>
    public string File { get; }

    /// <summary>Where in the file the problem is, 1-based.</summary>
    public Position Position { get; }

    /// <summary>Returns <c>file:line:col: message</c>, with the file as <paramref name="displayPath"/>.</summary>
    public string Format(string displayPath) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{displayPath}:{Position.Line}:{Position.Column}: {Message}");
}
