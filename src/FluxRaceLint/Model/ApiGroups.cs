namespace FluxRaceLint.Model;

/// <summary>Facts about API groups and kinds that every Kubernetes cluster serves without a CRD.</summary>
public static class ApiGroups
{
    // Groups compiled into kube-apiserver, plus metrics.k8s.io, which an aggregated API server
    // (metrics-server) serves without any CRD.
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal)
    {
        "", "apps", "batch", "autoscaling", "policy", "admissionregistration.k8s.io",
        "apiextensions.k8s.io", "apiregistration.k8s.io", "authentication.k8s.io",
        "authorization.k8s.io", "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io",
        "events.k8s.io", "flowcontrol.apiserver.k8s.io", "internal.apiserver.k8s.io",
        "networking.k8s.io", "node.k8s.io", "rbac.authorization.k8s.io", "resource.k8s.io",
        "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io", "metrics.k8s.io",
    };

    // Kinds that kustomize's namespace transformer leaves alone because they are cluster-scoped.
    private static readonly HashSet<string> ClusterScopedBuiltInKinds = new(StringComparer.Ordinal)
    {
        "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "PersistentVolume",
        "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass", "CSIDriver", "CSINode",
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
        "APIService", "Node", "PodSecurityPolicy", "CertificateSigningRequest", "VolumeAttachment",
        "FlowSchema", "PriorityLevelConfiguration", "DeviceClass",
    };

    public const string KustomizeToolkit = "kustomize.toolkit.fluxcd.io";
    public const string HelmToolkit = "helm.toolkit.fluxcd.io";
    public const string SourceToolkit = "source.toolkit.fluxcd.io";
    public const string KustomizeConfig = "kustomize.config.k8s.io";

    public static bool IsBuiltIn(string group) => BuiltIn.Contains(group);

    /// <summary>
    /// Returns whether the group belongs to Flux itself; its CRDs are installed by the bootstrap
    /// (gotk-components.yaml or the Flux Operator) before any Kustomization runs.
    /// </summary>
    public static bool IsFlux(string group) => group.EndsWith(".toolkit.fluxcd.io", StringComparison.Ordinal);

    public static bool IsClusterScopedBuiltIn(string group, string kind) =>
        IsBuiltIn(group) && ClusterScopedBuiltInKinds.Contains(kind);

    /// <summary>
    /// Returns whether objects of a kind are cluster-scoped. For custom resources, whose CRD may not be
    /// in the repository, the 'Cluster' prefix that operators give their cluster-scoped kinds
    /// (ClusterIssuer, ClusterSecretStore, ClusterPolicy) is taken as the sign.
    /// </summary>
    public static bool IsClusterScoped(string group, string kind) =>
        IsBuiltIn(group) ? ClusterScopedBuiltInKinds.Contains(kind) : kind.StartsWith("Cluster", StringComparison.Ordinal) && kind.Length > 7 && char.IsUpper(kind[7]);

    /// <summary>Splits an apiVersion such as <c>apps/v1</c> into its group and version.</summary>
    public static (string Group, string Version) Split(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
