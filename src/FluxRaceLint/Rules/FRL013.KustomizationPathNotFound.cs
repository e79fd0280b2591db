using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL013: spec.path of a Kustomization that reads this repository names no folder of it.
/// kustomize-controller then fails every reconciliation with 'kustomization path not found', or with
/// 'not a directory' when the path is a file, applies nothing, and never becomes Ready.
/// </summary>
public sealed class KustomizationPathNotFoundRule : IRule
{
    public RuleDescriptor Descriptor => RuleCatalog.KustomizationPathNotFound;

    public void Check(ClusterContext context)
    {
        if (context.Cluster.Files is not { } files)
            return;
        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier is not { Kustomization: { } kustomization, Source: SourceKind.Local, BuildPath: { } path })
                continue;

            // A postBuild variable in the path is resolved by the parent at reconcile time.
            if (kustomization.Path is not { } written || Fields.HasVariable(written.Value))
                continue;
            var kind = Kind(files, path);
            if (kind == EntryKind.Directory)
                continue;

            var displayPath = path.Length == 0 ? "." : path;
            var resolved = RepositoryFiles.Join("", written.Value) == path ? "" : $" ('{displayPath}' in this repository)";
            var parent = RepositoryFiles.Parent(path);
            var (message, help) = kind == EntryKind.File
                ? ($"Kustomization '{applier.Display}' has spec.path '{written.Value}'{resolved}, which is a file, but the path must be a folder, so kustomize-controller fails with 'not a directory' and applies nothing.",
                    $"Point spec.path at the folder '{(parent.Length == 0 ? "." : parent)}' that holds the file, and give that folder a kustomization.yaml listing the file if it holds other manifests too.")
                : ($"Kustomization '{applier.Display}' has spec.path '{written.Value}'{resolved}, which does not exist in this repository, so kustomize-controller fails with 'kustomization path not found' and applies nothing.",
                    "Fix spec.path; it is relative to the root of the source, not to the file that defines the Kustomization. If the path exists, the linter took the wrong folder as the repository root: give it with --repo-root.");
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                Anchors.Key(kustomization.Object, kustomization.Object.Spec, "path"),
                message,
                help,
                [],
                $"{applier.Display}|path|{path}"));
        }
    }

    /// <summary>
    /// Returns what the artifact contains at the path. Every folder on the way must be there too,
    /// because a folder that .sourceignore leaves out takes everything below it along.
    /// </summary>
    private static EntryKind Kind(RepositoryFiles files, string path)
    {
        var slash = path.IndexOf('/');
        while (slash > 0)
        {
            if (files.GetKind(path[..slash]) != EntryKind.Directory)
                return EntryKind.None;
            slash = path.IndexOf('/', slash + 1);
        }

        return files.GetKind(path);
    }
}
