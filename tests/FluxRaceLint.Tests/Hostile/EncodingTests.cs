using System.Text;
using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Byte-level oddities: byte order marks, line endings, invalid UTF-8 and binary files named .yaml.</summary>
public sealed class EncodingTests
{
    private const string Bad = "bad/bytes.yaml";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Bom_keeps_positions_of_the_racy_file()
    {
        using var repository = new TempRepository().WithRacy().WithBytes(Racy.Path, [.. Bom, .. Utf8(Racy.Kustomization)]);

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNoFindingFor(Racy.Path, except: "FRL007");
    }

    [Fact]
    public void Crlf_keeps_positions_of_the_racy_file()
    {
        using var repository = new TempRepository().WithRacy()
            .With(Racy.Path, Racy.Kustomization.Replace("\n", "\r\n", StringComparison.Ordinal));

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNoFindingFor(Racy.Path, except: "FRL007");
    }

    [Fact]
    public void Bom_and_crlf_together_keep_positions()
    {
        var text = Racy.Kustomization.Replace("\n", "\r\n", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy().WithBytes(Racy.Path, [.. Bom, .. Utf8(text)]);

        Hostile.Check(repository).Result.ShouldHaveNoFindingFor(Racy.Path, except: "FRL007");
    }

    [Fact]
    public void Carriage_returns_alone_end_lines()
    {
        // YAML 1.2 treats a lone CR as a line break, as old Mac editors wrote them.
        using var repository = new TempRepository().WithRacy()
            .With(Racy.Path, Racy.Kustomization.Replace("\n", "\r", StringComparison.Ordinal));

        Hostile.Check(repository).Result.ShouldHaveNoFindingFor(Racy.Path, except: "FRL007");
    }

    [Fact]
    public void Bom_before_a_later_document()
    {
        var text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\n\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n";
        using var repository = new TempRepository().WithRacy().With(Bad, text);

        Hostile.Check(repository);
    }

    [Fact]
    public void Invalid_utf8_points_at_the_bad_byte()
    {
        byte[] bytes = [.. Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  a: "), 0xC3, 0x28, .. Utf8("\n")];
        using var repository = new TempRepository().WithRacy().WithBytes(Bad, bytes);

        var outcome = Hostile.Check(repository);

        var finding = outcome.Result.ShouldHaveInputFinding(Bad, Severity.Error).Single();
        finding.Message.ShouldContain("UTF-8");
        (finding.Location.Line, finding.Location.Column).ShouldBe((6, 6));
    }

    [Fact]
    public void Overlong_utf8_encoding_is_invalid()
    {
        byte[] bytes = [.. Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "), 0xC0, 0xAF, .. Utf8("\n")];
        using var repository = new TempRepository().WithRacy().WithBytes(Bad, bytes);

        var finding = Hostile.Check(repository).Result.ShouldHaveInputFinding(Bad, Severity.Error).Single();
        finding.Message.ShouldContain("UTF-8");
        finding.Location.Line.ShouldBe(4);
    }

    [Fact]
    public void Truncated_utf8_at_the_end_is_invalid()
    {
        byte[] bytes = [.. Utf8("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x"), 0xE2, 0x82];
        using var repository = new TempRepository().WithRacy().WithBytes(Bad, bytes);

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Bad, Severity.Error).Single().Location.Line.ShouldBe(4);
    }

    [Fact]
    public void Binary_yaml_reported_at_first_nul()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'a';
        bytes[1] = (byte)'\n';
        bytes[2] = 0;
        using var repository = new TempRepository().WithRacy().WithBytes(Bad, bytes);

        var finding = Hostile.Check(repository).Result.ShouldHaveInputFinding(Bad, Severity.Error).Single();
        finding.Message.ShouldContain("NUL");
        (finding.Location.Line, finding.Location.Column).ShouldBe((2, 1));
    }

    [Fact]
    public void Utf16_file_is_reported_and_not_parsed()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: wide\n")).ToArray();
        using var repository = new TempRepository().WithRacy().WithBytes(Bad, bytes);

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Bad, Severity.Error);
    }

    [Fact]
    public void Control_character_in_a_scalar_is_reported()
    {
        using var repository = new TempRepository().WithRacy().With(Bad, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bell\u0007here\n");

        Hostile.Check(repository).Result.ShouldHaveInputFinding(Bad, Severity.Error).ShouldContain(f => f.Location.Line == 4);
    }

    [Fact]
    public void Empty_and_whitespace_files_give_nothing()
    {
        using var repository = new TempRepository().WithRacy()
            .WithBytes("bad/empty.yaml", [])
            .WithBytes("bad/bom-only.yaml", Bom)
            .With("bad/blank.yaml", "\n\n   \n\t\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.ShouldHaveNoFindingFor("bad/empty.yaml");
        outcome.Result.ShouldHaveNoFindingFor("bad/bom-only.yaml");
    }
}
