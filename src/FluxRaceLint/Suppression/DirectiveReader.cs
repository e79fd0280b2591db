using FluxRaceLint.Diagnostics;
using FluxRaceLint.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace FluxRaceLint.Suppression;

/// <summary>
/// Reads the suppressions of one file: <c># fluxracelint-disable-next-line RULE[,RULE] -- reason</c>
/// on the line above a finding, <c># fluxracelint-disable-line RULE[,RULE] -- reason</c> at the end
/// of its line, and the <c>fluxracelint.io/ignore: "RULE: reason; RULE: reason"</c> annotation of
/// an object. A suppression that cannot be used becomes an FRL000 note instead.
/// </summary>
public static class DirectiveReader
{
    public const string NextLineDirective = "fluxracelint-disable-next-line";

    public const string LineDirective = "fluxracelint-disable-line";

    public const string IgnoreAnnotation = "fluxracelint.io/ignore";

    private const string DirectivePrefix = "fluxracelint-disable";

    /// <summary>Subject prefix of the notes about suppressions, which are not problems of the input.</summary>
    public const string NoteSubjectPrefix = "suppression|";

    private const string Reason = "<why it does not apply>";

    private const string AnnotationExample = $"{IgnoreAnnotation}: \"FRL004: {Reason}\"";

    /// <summary>Returns whether the file's text contains anything that looks like a suppression.</summary>
    public static bool MayHoldDirectives(SourceFile file) =>
        file.Text.Contains(DirectivePrefix, StringComparison.Ordinal) || file.Text.Contains(IgnoreAnnotation, StringComparison.Ordinal);

    public static List<SuppressionDirective> Read(SourceFile file, List<Finding> notes)
    {
        var directives = new List<SuppressionDirective>();
        if (file.Text.Contains(DirectivePrefix, StringComparison.Ordinal))
            ReadComments(file, directives, notes);
        if (file.Text.Contains(IgnoreAnnotation, StringComparison.Ordinal))
            ReadAnnotations(file, directives, notes);
        return directives;
    }

    /// <summary>Returns whether a finding is a note about a suppression rather than about the manifests.</summary>
    public static bool IsNoteAboutSuppression(Finding finding) =>
        finding.Rule.Id == RuleCatalog.InvalidManifest.Id && finding.Subject.StartsWith(NoteSubjectPrefix, StringComparison.Ordinal);

    /// <summary>Builds the FRL000 note about a suppression at <paramref name="span"/>.</summary>
    public static Finding Note(SourceSpan span, string message, string help, string subject) =>
        new(RuleCatalog.InvalidManifest, Severity.Note, span, message, help, [], NoteSubjectPrefix + subject);

    private static void ReadComments(SourceFile file, List<SuppressionDirective> directives, List<Finding> notes)
    {
        // The YAML scanner returns only real comments, not a '#' inside a quoted string or a block
        // scalar such as an embedded script.
        var scanner = new Scanner(new StringReader(file.Text), skipComments: false);
        try
        {
            while (scanner.MoveNext())
            {
                // YamlDotNet 16.3's scanner returns the same Error token again and again instead of
                // throwing, at some invalid indentation, so the first one ends the scan.
                if (scanner.Current is Error)
                    break;
                if (scanner.Current is Comment comment && comment.Value.TrimStart().StartsWith(DirectivePrefix, StringComparison.Ordinal))
                    ReadComment(file, comment, directives, notes);
            }
        }
        catch (YamlException)
        {
            // The rest of the file is not YAML. FRL000 reports that, and the comments read so far are kept.
        }
    }

    private static void ReadComment(SourceFile file, Comment comment, List<SuppressionDirective> directives, List<Finding> notes)
    {
        var span = new SourceSpan(
            file.Path,
            (int)Math.Max(1, comment.Start.Line),
            (int)Math.Max(1, comment.Start.Column),
            (int)Math.Max(1, comment.End.Line),
            (int)Math.Max(1, comment.End.Column));
        var text = comment.Value.Trim();
        var keywordEnd = text.IndexOfAny([' ', '\t']);
        var keyword = keywordEnd < 0 ? text : text[..keywordEnd];
        var rest = keywordEnd < 0 ? "" : text[keywordEnd..];
        var subject = $"comment|{text}";

        int line;
        if (keyword == NextLineDirective)
        {
            line = span.Line + 1;
        }
        else if (keyword == LineDirective)
        {
            line = span.Line;
        }
        else
        {
            notes.Add(Note(
                span,
                $"'{keyword}' is not a suppression directive, so the comment suppresses nothing.",
                $"Write '# {NextLineDirective} RULE -- reason' on the line above the finding, or '# {LineDirective} RULE -- reason' at the end of its line.",
                subject));
            return;
        }

        var separator = rest.IndexOf("--", StringComparison.Ordinal);
        var ids = separator < 0 ? rest : rest[..separator];
        var reason = separator < 0 ? "" : rest[(separator + 2)..].Trim();
        var rules = ReadRuleIds(ids, span, subject, notes);
        if (rules is null)
        {
            notes.Add(Note(
                span,
                $"The '{keyword}' comment names no rule, so it suppresses nothing.",
                $"Name the rules after the directive, separated by commas, as in '# {keyword} FRL004, FRL006 -- {Reason}'.",
                subject));
            return;
        }

        if (reason.Length == 0)
        {
            notes.Add(Note(
                span,
                $"The '{keyword}' comment gives no reason, so it suppresses nothing.",
                $"Write the reason after ' -- ', as in '# {keyword} {string.Join(", ", rules.DefaultIfEmpty("FRL004"))} -- {Reason}'.",
                subject));
            return;
        }

        if (rules.Count > 0)
            directives.Add(new SuppressionDirective(SuppressionKind.Comment, span, rules, reason, line, line));
    }

    private static void ReadAnnotations(SourceFile file, List<SuppressionDirective> directives, List<Finding> notes)
    {
        for (var i = 0; i < file.Documents.Count; i++)
        {
            var document = file.Documents[i];
            var annotations = ((document.Root as YMapping)?.Get("metadata") as YMapping)?.Get("annotations") as YMapping;
            if (annotations?.Find(IgnoreAnnotation) is not { } entry)
                continue;

            var firstLine = document.Start.Line;
            var lastLine = i + 1 < file.Documents.Count ? Math.Max(firstLine, file.Documents[i + 1].Start.Line - 1) : int.MaxValue;
            var span = new SourceSpan(file.Path, entry.Value.Start.Line, entry.Value.Start.Column, entry.Value.End.Line, entry.Value.End.Column);
            if (entry.Value is not YScalar value)
            {
                notes.Add(Note(
                    span,
                    $"The '{IgnoreAnnotation}' annotation is not a string, so it suppresses nothing.",
                    $"Write it as a string of 'RULE: reason' entries separated by ';', as in '{AnnotationExample}'.",
                    $"annotation|{document.Index}"));
                continue;
            }

            foreach (var raw in value.Value.Split(';'))
            {
                var text = raw.Trim();
                if (text.Length == 0)
                    continue;
                var subject = $"annotation|{text}";
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                var ids = colon < 0 ? text : text[..colon];
                var reason = colon < 0 ? "" : text[(colon + 1)..].Trim();
                var rules = ReadRuleIds(ids, span, subject, notes);
                if (rules is null)
                {
                    notes.Add(Note(
                        span,
                        $"The '{IgnoreAnnotation}' entry '{text}' names no rule, so it suppresses nothing.",
                        $"Start each entry with the rule IDs, as in '{AnnotationExample}'.",
                        subject));
                    continue;
                }

                if (reason.Length == 0)
                {
                    notes.Add(Note(
                        span,
                        $"The '{IgnoreAnnotation}' entry '{text}' gives no reason, so it suppresses nothing.",
                        $"Write the reason after a colon, as in '{IgnoreAnnotation}: \"{string.Join(", ", rules.DefaultIfEmpty("FRL004"))}: {Reason}\"', and separate several entries with ';'.",
                        subject));
                    continue;
                }

                if (rules.Count > 0)
                    directives.Add(new SuppressionDirective(SuppressionKind.Annotation, span, rules, reason, firstLine, lastLine));
            }
        }
    }

    /// <summary>
    /// Returns the catalogue IDs among comma-separated <paramref name="text"/>, with a note for each
    /// ID that names no rule; null when the text names nothing at all.
    /// </summary>
    private static List<string>? ReadRuleIds(string text, SourceSpan span, string subject, List<Finding> notes)
    {
        var names = text.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            return null;

        var rules = new List<string>();
        foreach (var name in names)
        {
            if (RuleCatalog.All.FirstOrDefault(rule => rule.Id == name) is { } rule)
            {
                if (!rules.Contains(rule.Id))
                    rules.Add(rule.Id);
                continue;
            }

            notes.Add(Note(
                span,
                $"The suppression names '{name}', which is not a rule.",
                "Use the IDs that 'fluxracelint rules' lists, such as 'FRL004'.",
                $"{subject}|{name}"));
        }

        return rules;
    }
}
