using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Tests.Model;

/// <summary>How spec.valuesFrom entries and spec.values merge, as helm-controller merges them.</summary>
public sealed class HelmValuesTests
{
    private static YMapping Yaml(string text, string path = "values.yaml")
    {
        var file = new SourceFile(path) { Text = text };
        YamlDocumentParser.Parse(file, text, ReadLimits.Default);
        file.Problems.ShouldBeEmpty();
        return (YMapping)file.Documents[0].Root!;
    }

    private static ValuesReference Reference(int index, string? targetPath = null, string kind = "ConfigMap", string name = "values") =>
        new(index, kind, name, ValuesReference.DefaultValuesKey, targetPath, false, Yaml(targetPath is null ? "kind: ConfigMap" : $"targetPath: {targetPath}", "release.yaml"));

    private static ValuesFromContent Document(int index, string text) =>
        ValuesFromContent.OfDocument(Reference(index), Yaml(text, $"values-{index}.yaml"), $"values-{index}.yaml");

    private static ValuesFromContent Value(int index, string targetPath, string text) =>
        ValuesFromContent.OfValue(Reference(index, targetPath), new YScalar(text, false, new Position(4, 9), new Position(4, 20)), "configmap.yaml");

    private static string? Scalar(HelmValues values, string path) => (HelmRelease.FindValue(values.Root, path)?.Value as YScalar)?.Value;

    [Fact]
    public void Later_entries_win_and_maps_merge_deeply()
    {
        var merged = HelmValues.Merge(
            Yaml("other: values"),
            [Document(0, "flat: value\nnested:\n  configuration: value\n  kept: yes"), Document(1, "flat:\n  nested: value\nnested:\n  configuration: replaced")]);

        Scalar(merged, "flat.nested").ShouldBe("value");
        Scalar(merged, "nested.configuration").ShouldBe("replaced");
        Scalar(merged, "nested.kept").ShouldBe("yes");
        Scalar(merged, "other").ShouldBe("values");
    }

    [Fact]
    public void Spec_values_win_over_every_entry()
    {
        var merged = HelmValues.Merge(Yaml("crds:\n  enabled: false"), [Document(0, "crds:\n  enabled: true\n  keep: true")]);

        Scalar(merged, "crds.enabled").ShouldBe("false");
        Scalar(merged, "crds.keep").ShouldBe("true");
    }

    [Fact]
    public void Merged_keys_keep_their_file_and_entry()
    {
        var merged = HelmValues.Merge(Yaml("crds:\n  keep: true", "release.yaml"), [Document(0, "# comment\ncrds:\n  enabled: true")]);

        var entry = HelmRelease.FindValue(merged.Root, "crds.enabled")!;
        entry.Key.Origin.ShouldBeNull();
        entry.Key.Start.ShouldBe(new Position(3, 3));
        merged.SourceOf(entry)!.Index.ShouldBe(0);
        merged.SourceOf(HelmRelease.FindValue(merged.Root, "crds.keep")!).ShouldBeNull();
    }

    [Fact]
    public void Target_path_sets_a_typed_value()
    {
        var merged = HelmValues.Merge(null, [Value(0, "merge.at.specific.path", "true")]);

        var leaf = (YScalar)HelmRelease.FindValue(merged.Root, "merge.at.specific.path")!.Value;
        leaf.Value.ShouldBe("true");
        leaf.IsPlain.ShouldBeTrue();
        leaf.Start.ShouldBe(new Position(4, 9));
    }

    [Fact]
    public void Target_path_with_quotes_sets_a_string()
    {
        var merged = HelmValues.Merge(null, [Value(0, "enabled", "\"true\"")]);

        var leaf = (YScalar)HelmRelease.FindValue(merged.Root, "enabled")!.Value;
        leaf.Value.ShouldBe("true");
        leaf.IsPlain.ShouldBeFalse();
    }

    [Fact]
    public void Target_path_keeps_escaped_dots_in_a_key()
    {
        var merged = HelmValues.Merge(null, [Value(0, @"nodeSelector.kubernetes\.io/role", "master")]);

        var selector = (YMapping)merged.Root!.Get("nodeSelector")!;
        (selector.Get("kubernetes.io/role") as YScalar)!.Value.ShouldBe("master");
    }

    [Fact]
    public void Target_path_beats_nested_spec_values()
    {
        // helm-controller merges spec.values into the result before it sets the path, and the
        // nested map it then writes into is the one spec.values contains.
        var merged = HelmValues.Merge(Yaml("crds:\n  enabled: false\n  keep: true"), [Value(0, "crds.enabled", "true")]);

        Scalar(merged, "crds.enabled").ShouldBe("true");
        Scalar(merged, "crds.keep").ShouldBe("true");
    }

    [Fact]
    public void Spec_values_beat_top_level_target_path()
    {
        var merged = HelmValues.Merge(Yaml("replicaCount: 2"), [Value(0, "replicaCount", "3")]);

        Scalar(merged, "replicaCount").ShouldBe("2");
    }

    [Fact]
    public void Target_path_with_a_list_index_is_unread()
    {
        var merged = HelmValues.Merge(null, [Value(0, "items[0].enabled", "true")]);

        merged.Unread.Single().Reason!.ShouldContain("list indexes");
        merged.UnreadSourcesOf(["items"]).Count.ShouldBe(1);
    }

    [Fact]
    public void Target_path_through_a_scalar_is_unread()
    {
        var merged = HelmValues.Merge(Yaml("crds: none"), [Value(0, "crds.enabled", "true")]);

        merged.Unread.Single().Reason!.ShouldContain("not a mapping");
    }

    [Fact]
    public void Skipped_entries_are_not_unread()
    {
        var skipped = ValuesFromContent.Skipped(Reference(0), "is not applied");

        var merged = HelmValues.Merge(Yaml("a: b"), [skipped]);

        merged.Unread.ShouldBeEmpty();
        merged.UnreadSourcesOf(["crds.enabled"]).ShouldBeEmpty();
    }

    [Fact]
    public void Unread_entry_may_set_what_nothing_later_sets()
    {
        var unread = ValuesFromContent.Unread(Reference(1, kind: "Secret", name: "sealed"), "is encrypted with SOPS");

        var merged = HelmValues.Merge(
            Yaml("inline: true"),
            [Document(0, "early: true"), unread, Document(2, "late: true")]);

        merged.UnreadSourcesOf(["missing"]).ShouldBe([unread]);
        merged.UnreadSourcesOf(["early"]).ShouldBe([unread]);
        merged.UnreadSourcesOf(["late"]).ShouldBeEmpty();
        merged.UnreadSourcesOf(["inline"]).ShouldBeEmpty();
    }

    [Fact]
    public void Unread_target_path_may_set_only_its_path()
    {
        var unread = ValuesFromContent.Unread(Reference(0, "crds.enabled"), "is not applied");

        var merged = HelmValues.Merge(Yaml("crds:\n  enabled: false"), [unread]);

        merged.UnreadSourcesOf(["crds.enabled"]).ShouldBe([unread]);
        merged.UnreadSourcesOf(["crds"]).ShouldBe([unread]);
        merged.UnreadSourcesOf(["installCRDs"]).ShouldBeEmpty();
    }

    [Fact]
    public void Nothing_read_keeps_spec_values_as_written()
    {
        var inline = Yaml("a: b");

        var merged = HelmValues.Merge(inline, [ValuesFromContent.Unread(Reference(0), "is not applied")]);

        merged.Root.ShouldBeSameAs(inline);
    }

    [Fact]
    public void Alias_bomb_is_unread_not_expanded()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        var level = "a";
        for (var i = 0; i < 8; i++)
        {
            var next = $"m{i}";
            bomb += $"{next}: &{next}\n" + string.Concat(Enumerable.Range(0, 10).Select(j => $"  k{j}: *{level}\n"));
            level = next;
        }

        var merged = HelmValues.Merge(null, [Document(0, bomb)]);

        merged.Unread.Single().Reason!.ShouldContain("more than");
    }
}
