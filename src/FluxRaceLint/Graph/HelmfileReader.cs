using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Graph;

/// <summary>
/// Finds helmfile files: documents with a 'releases' list and no apiVersion. Many repositories
/// install CRDs and core operators with helmfile before Flux starts, so what these releases install
/// exists before any Kustomization runs.
/// </summary>
public static class HelmfileReader
{
    public static List<HelmfileRelease> Read(IEnumerable<SourceFile> files)
    {
        var releases = new List<HelmfileRelease>();
        foreach (var file in files)
        {
            foreach (var document in file.Documents)
            {
                if (document.Root is not YMapping root || root.Get("apiVersion") is not null || root.Get("releases") is not YSequence list)
                    continue;
                foreach (var item in list.Items)
                {
                    if (item is not YMapping release || Fields.String(release, "name")?.Value is not { } name || Fields.HasVariable(name) || name.Contains("{{", StringComparison.Ordinal))
                        continue;
                    var ns = Fields.String(release, "namespace")?.Value;
                    var chart = Fields.String(release, "chart")?.Value;
                    string? chartName = null;
                    if (chart is not null && !chart.Contains("{{", StringComparison.Ordinal))
                        chartName = chart.TrimEnd('/')[(chart.TrimEnd('/').LastIndexOf('/') + 1)..];
                    releases.Add(new HelmfileRelease(name, ns, chartName, file.Path));
                }
            }
        }

        return releases;
    }
}
