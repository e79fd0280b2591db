using System.Globalization;
using System.Text;

namespace FluxRaceLint.Bench;

/// <summary>What <see cref="MonorepoGenerator.Generate"/> wrote.</summary>
internal sealed record GeneratedRepository(string Root, int Documents, int Files, int Clusters, int Apps, long Bytes);

/// <summary>
/// Writes a synthetic Flux monorepo with an exact number of YAML documents. Every cluster has a
/// bootstrap folder (clusters/NAME/flux-system/gotk-sync.yaml), three infrastructure Kustomizations
/// with <c>wait: true</c> (CRD manifests, the cert-manager, external-secrets and
/// kube-prometheus-stack HelmReleases, then the issuers and secret stores that need them), and app
/// Kustomizations in dependsOn chains whose folders hold Deployments, Services and custom resources
/// of those operators and of the CRD manifests.
/// </summary>
/// <remarks>
/// Apps come in three layouts. The first has a kustomization.yaml that lists its files. The second
/// has none, so Flux generates one, and a subfolder with its own kustomization.yaml. The third is
/// an overlay of a base that all clusters share, with a namespace, a name prefix and a patch.
/// Each cluster also has a few deliberate races so that the rules have work. One app has no
/// dependsOn (FRL001), one depends on a Kustomization that does not exist (FRL007), and one has a
/// healthCheckExprs entry and no retryInterval (FRL006). Every third cluster has a CloudNativePG
/// HelmRelease beside a postgres Cluster (FRL002), and the first cluster has a dependsOn cycle (FRL008).
/// </remarks>
internal sealed class MonorepoGenerator
{
    private const string Repository = "ssh://git@github.com/example-org/fleet";

    /// <summary>The maximum number of documents that one app writes. The fill loop stops when fewer remain.</summary>
    private const int MaxAppDocuments = 16;

    private static readonly string[] BaseServices = ["api-gateway", "billing", "catalog", "checkout", "identity", "inventory", "notifications", "search"];

    private static readonly string[] Teams = ["payments", "platform", "storefront", "data", "growth", "ops"];

    private readonly string _root;
    private readonly Dictionary<string, List<string>> _files = new(StringComparer.Ordinal);
    private int _documents;

    private MonorepoGenerator(string root)
    {
        _root = root;
    }

    /// <summary>
    /// Writes the repository into <paramref name="root"/>, which must be empty or absent. The number
    /// of clusters grows with the square root of <paramref name="documents"/>, and so does the number
    /// of apps per cluster.
    /// </summary>
    public static GeneratedRepository Generate(string root, int documents)
    {
        var generator = new MonorepoGenerator(root);
        var clusters = Math.Max(2, (int)Math.Round(Math.Sqrt(documents / 250.0)));
        var apps = generator.Fill(clusters, documents);
        var (files, bytes) = generator.WriteAll();
        return new GeneratedRepository(root, generator._documents, files, clusters, apps, bytes);
    }

    private static string ClusterName(int index) => $"cluster-{index + 1:D2}";

    private static string AppName(int cluster, int app) => $"{Teams[app % Teams.Length]}-app-{app:D4}";

    private int Fill(int clusters, int target)
    {
        WriteSharedInfrastructure();
        for (var cluster = 0; cluster < clusters; cluster++)
            WriteCluster(cluster);

        // The padding app of the first cluster takes the documents that no whole app fits into.
        var padding = $"apps/{ClusterName(0)}/padding";
        AddFluxKustomization($"clusters/{ClusterName(0)}/apps/padding.yaml", "padding", $"./{padding}", ["infra-configs"], wait: false, retry: true);
        Add($"{padding}/namespace.yaml", Namespace("padding"));

        if (_documents > target)
            throw new ArgumentOutOfRangeException(nameof(target), $"{target} documents are fewer than the {_documents} that the fixed part of the repository needs.");

        var written = 0;
        var next = new int[clusters];
        while (target - _documents > MaxAppDocuments)
        {
            var cluster = written % clusters;
            WriteApp(cluster, next[cluster]++);
            written++;
        }

        var fill = 0;
        while (_documents < target)
        {
            Add($"{padding}/configmaps.yaml", ConfigMap($"padding-{fill:D2}", "padding", fill));
            fill++;
        }

        return written;
    }

    private void Add(string path, string document)
    {
        if (!_files.TryGetValue(path, out var documents))
            _files[path] = documents = [];
        documents.Add(document);
        _documents++;
    }

    private (int Files, long Bytes) WriteAll()
    {
        long bytes = 0;
        var encoding = new UTF8Encoding(false);
        foreach (var (path, documents) in _files)
        {
            var full = Path.Combine(_root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var text = string.Join("---\n", documents);
            File.WriteAllText(full, text, encoding);
            bytes += encoding.GetByteCount(text);
        }

        return (_files.Count, bytes);
    }

    private void WriteSharedInfrastructure()
    {
        // CRD manifests in a folder without kustomization.yaml: Flux generates one with every file.
        Add("infrastructure/crds/widgets.yaml", Crd("platform.example.com", "Widget", "widgets", "Namespaced"));
        Add("infrastructure/crds/gadgets.yaml", Crd("platform.example.com", "Gadget", "gadgets", "Namespaced"));
        Add("infrastructure/crds/backup-policies.yaml", Crd("backup.example.com", "BackupPolicy", "backuppolicies", "Namespaced"));
        Add("infrastructure/crds/backup-targets.yaml", Crd("backup.example.com", "BackupTarget", "backuptargets", "Cluster"));

        Add("infrastructure/controllers/kustomization.yaml", KustomizeConfig(["cert-manager.yaml", "external-secrets.yaml", "kube-prometheus-stack.yaml"]));
        Add("infrastructure/controllers/cert-manager.yaml", Namespace("cert-manager"));
        Add("infrastructure/controllers/cert-manager.yaml", HelmRepository("jetstack", "cert-manager", "https://charts.jetstack.io"));
        Add("infrastructure/controllers/cert-manager.yaml", HelmRelease("cert-manager", "cert-manager", "cert-manager", "v1.17.2", "jetstack", "    crds:\n      enabled: true\n      keep: true\n"));
        Add("infrastructure/controllers/external-secrets.yaml", Namespace("external-secrets"));
        Add("infrastructure/controllers/external-secrets.yaml", HelmRepository("external-secrets", "external-secrets", "https://charts.external-secrets.io"));
        Add("infrastructure/controllers/external-secrets.yaml", HelmRelease("external-secrets", "external-secrets", "external-secrets", "1.3.1", "external-secrets", "    installCRDs: true\n    webhook:\n      replicaCount: 2\n"));
        Add("infrastructure/controllers/kube-prometheus-stack.yaml", Namespace("monitoring"));
        Add("infrastructure/controllers/kube-prometheus-stack.yaml", HelmRepository("prometheus-community", "monitoring", "https://prometheus-community.github.io/helm-charts"));
        Add("infrastructure/controllers/kube-prometheus-stack.yaml", HelmRelease("kube-prometheus-stack", "monitoring", "kube-prometheus-stack", "75.15.1", "prometheus-community", "    crds:\n      enabled: true\n    grafana:\n      enabled: false\n    prometheus:\n      prometheusSpec:\n        retention: 15d\n"));

        Add("infrastructure/configs/kustomization.yaml", KustomizeConfig(["cluster-issuers.yaml", "cluster-secret-store.yaml"]));
        Add("infrastructure/configs/cluster-issuers.yaml", "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: selfsigned-bootstrap\nspec:\n  selfSigned: {}\n");
        Add("infrastructure/configs/cluster-issuers.yaml", "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: internal-root-ca\n  namespace: cert-manager\nspec:\n  isCA: true\n  commonName: internal-root-ca\n  secretName: internal-root-ca\n  privateKey:\n    algorithm: ECDSA\n    size: 256\n  issuerRef:\n    kind: ClusterIssuer\n    name: selfsigned-bootstrap\n");
        Add("infrastructure/configs/cluster-issuers.yaml", "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: internal-ca\nspec:\n  ca:\n    secretName: internal-root-ca\n");
        Add("infrastructure/configs/cluster-secret-store.yaml", "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata:\n  name: vault-global\nspec:\n  provider:\n    vault:\n      server: https://vault.example.internal:8200\n      path: kv\n      version: v2\n      auth:\n        tokenSecretRef:\n          name: vault-token\n          key: token\n          namespace: external-secrets\n");

        // Bases shared by every cluster, which overlay apps refer to with '../../base/NAME'.
        foreach (var service in BaseServices)
        {
            Add($"apps/base/{service}/kustomization.yaml", KustomizeConfig(["deployment.yaml", "service.yaml", "service-monitor.yaml"]));
            Add($"apps/base/{service}/deployment.yaml", Deployment(service, null, 2));
            Add($"apps/base/{service}/service.yaml", Service(service, null));
            Add($"apps/base/{service}/service-monitor.yaml", ServiceMonitor(service, null));
        }

        // Files that are not manifests, as real repositories have them: Helm values and CI settings.
        Add("apps/base/values/defaults.yaml", "replicaCount: 2\nimage:\n  repository: ghcr.io/example-org/app\n  tag: 1.0.0\nresources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n");
        Add(".github/workflows/ci.yaml", "name: ci\non: [push]\njobs:\n  validate:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n");
    }

    private void WriteCluster(int index)
    {
        var cluster = ClusterName(index);
        Add($"clusters/{cluster}/flux-system/kustomization.yaml", KustomizeConfig(["gotk-sync.yaml"]));
        Add($"clusters/{cluster}/flux-system/gotk-sync.yaml", $"apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  secretRef:\n    name: flux-system\n  url: {Repository}\n");
        Add($"clusters/{cluster}/flux-system/gotk-sync.yaml", $"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m0s\n  path: ./clusters/{cluster}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n");

        var infrastructure = $"clusters/{cluster}/infrastructure.yaml";
        AddFluxKustomization(infrastructure, "infra-crds", "./infrastructure/crds", [], wait: true, retry: true);
        var patch = index % 2 == 0
            ? "  patches:\n    - target:\n        kind: HelmRelease\n      patch: |\n        - op: replace\n          path: /spec/interval\n          value: 30m\n"
            : "";
        AddFluxKustomization(infrastructure, "infra-controllers", "./infrastructure/controllers", ["infra-crds"], wait: true, retry: true, extra: patch);
        AddFluxKustomization(infrastructure, "infra-configs", "./infrastructure/configs", ["infra-controllers"], wait: true, retry: true);

        if (index % 3 == 2)
        {
            // FRL002: the CloudNativePG operator's release and a postgres Cluster in one Kustomization,
            // so the dry-run of the Cluster fails before the chart has installed its CRD.
            var folder = $"apps/{cluster}/orders-db";
            AddFluxKustomization($"clusters/{cluster}/apps/orders-db.yaml", "orders-db", $"./{folder}", ["infra-configs"], wait: true, retry: true);
            Add($"{folder}/kustomization.yaml", KustomizeConfig(["namespace.yaml", "operator.yaml", "cluster.yaml"]));
            Add($"{folder}/namespace.yaml", Namespace("orders-db"));
            Add($"{folder}/operator.yaml", HelmRepository("cnpg", "orders-db", "https://cloudnative-pg.github.io/charts"));
            Add($"{folder}/operator.yaml", HelmRelease("cloudnative-pg", "orders-db", "cloudnative-pg", "0.26.0", "cnpg", "    crds:\n      create: true\n"));
            Add($"{folder}/cluster.yaml", "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: orders\n  namespace: orders-db\nspec:\n  instances: 3\n  storage:\n    size: 20Gi\n");
        }
    }

    private void WriteApp(int clusterIndex, int app)
    {
        var cluster = ClusterName(clusterIndex);
        var name = AppName(clusterIndex, app);
        var folder = $"apps/{cluster}/{name}";
        var team = Teams[app % Teams.Length];
        var dependsOn = new List<string> { "infra-configs" };

        // Apps of a team form a chain of up to five: each depends on the one before it.
        if (app >= Teams.Length && app / Teams.Length % 5 != 0)
            dependsOn.Add(AppName(clusterIndex, app - Teams.Length));

        var retry = true;
        var extra = "";
        switch (app)
        {
            case 7:
                // FRL001: no dependsOn, so the Certificate and the other custom resources race their CRDs.
                dependsOn.Clear();
                break;
            case 9:
                // FRL006: no retryInterval, and a health check of a custom resource by a CEL expression,
                // which can fail on the first apply.
                retry = false;
                extra = "  healthCheckExprs:\n    - apiVersion: monitoring.coreos.com/v1\n      kind: ServiceMonitor\n      current: \"true\"\n";
                break;
            case 13:
                // FRL007: no Kustomization is named 'database'.
                dependsOn.Add("database");
                break;
            case 20 or 21 or 22 when clusterIndex == 0:
                // FRL008: 20 -> 22 -> 21 -> 20.
                dependsOn.Clear();
                dependsOn.Add(AppName(clusterIndex, app == 20 ? 22 : app - 1));
                break;
        }

        var wait = app % 3 == 0 || !retry;
        if (app % 4 == 1)
            extra += $"  postBuild:\n    substitute:\n      cluster_name: {cluster}\n      team: {team}\n";
        AddFluxKustomization($"clusters/{cluster}/apps/{team}.yaml", name, $"./{folder}", dependsOn, wait, retry, extra);

        switch (app % 5)
        {
            case 3:
                WriteGeneratedApp(folder, name, app);
                break;
            case 4:
                WriteOverlayApp(folder, name, app);
                break;
            default:
                WriteListedApp(folder, name, app);
                break;
        }
    }

    /// <summary>An app whose kustomization.yaml lists each file.</summary>
    private void WriteListedApp(string folder, string name, int app)
    {
        var resources = new List<string> { "namespace.yaml", "deployment.yaml", "service.yaml", "configmap.yaml", "certificate.yaml", "external-secret.yaml", "service-monitor.yaml" };
        if (app % 2 == 0)
            resources.Add("widget.yaml");
        if (app % 3 == 0)
            resources.Add("backup.yaml");
        Add($"{folder}/kustomization.yaml", KustomizeConfig(resources));
        Add($"{folder}/namespace.yaml", Namespace(name));
        Add($"{folder}/deployment.yaml", Deployment(name, name, 1 + (app % 3)));
        Add($"{folder}/service.yaml", Service(name, name));
        Add($"{folder}/configmap.yaml", ConfigMap($"{name}-config", name, app));
        Add($"{folder}/certificate.yaml", Certificate($"{name}-tls", name));
        Add($"{folder}/external-secret.yaml", ExternalSecret($"{name}-db", name));
        Add($"{folder}/service-monitor.yaml", ServiceMonitor(name, name));
        if (app % 2 == 0)
            Add($"{folder}/widget.yaml", Widget(name, name, app));
        if (app % 3 == 0)
            Add($"{folder}/backup.yaml", BackupPolicy(name, name));
    }

    /// <summary>An app without kustomization.yaml, in multi-document files, with a subfolder that has its own.</summary>
    private void WriteGeneratedApp(string folder, string name, int app)
    {
        Add($"{folder}/namespace.yaml", Namespace(name));
        Add($"{folder}/workload.yaml", Deployment(name, name, 2));
        Add($"{folder}/workload.yaml", Service(name, name));
        Add($"{folder}/workload.yaml", $"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {name}\n  namespace: {name}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {name}\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n");
        Add($"{folder}/workload.yaml", $"apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\n  namespace: {name}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n");
        Add($"{folder}/secrets.yaml", ExternalSecret($"{name}-api", name));
        Add($"{folder}/secrets.yaml", Certificate($"{name}-tls", name));
        Add($"{folder}/widget.yaml", Widget(name, name, app));
        Add($"{folder}/monitoring/kustomization.yaml", KustomizeConfig(["service-monitor.yaml", "rules.yaml"]));
        Add($"{folder}/monitoring/service-monitor.yaml", ServiceMonitor(name, name));
        Add($"{folder}/monitoring/rules.yaml", $"apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: {name}\n  namespace: {name}\nspec:\n  groups:\n    - name: {name}.rules\n      rules:\n        - alert: {name.Replace("-", "", StringComparison.Ordinal)}Down\n          expr: up{{job=\"{name}\"}} == 0\n          for: 5m\n          labels:\n            severity: critical\n");
        // Helm values beside the manifests: a document without apiVersion, which the linter skips.
        Add($"{folder}/values.yaml", $"replicaCount: 2\nimage:\n  tag: 1.{app % 10}.0\ningress:\n  enabled: true\n  host: {name}.example.org\n");
    }

    /// <summary>An overlay of a shared base, with a namespace, a name prefix, a patch and one file of its own.</summary>
    private void WriteOverlayApp(string folder, string name, int app)
    {
        var service = BaseServices[app % BaseServices.Length];
        Add($"{folder}/kustomization.yaml", $"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: {name}\nnamePrefix: {name[..name.IndexOf('-', StringComparison.Ordinal)]}-\nresources:\n  - namespace.yaml\n  - ../../base/{service}\n  - certificate.yaml\npatches:\n  - target:\n      kind: Deployment\n      name: {service}\n    patch: |\n      - op: replace\n        path: /spec/replicas\n        value: {1 + (app % 4)}\n");
        Add($"{folder}/namespace.yaml", Namespace(name));
        Add($"{folder}/certificate.yaml", Certificate($"{service}-tls", name));
    }

    private void AddFluxKustomization(string file, string name, string path, List<string> dependsOn, bool wait, bool retry, string extra = "")
    {
        var text = new StringBuilder();
        text.Append("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ").Append(name).Append("\n  namespace: flux-system\nspec:\n");
        if (dependsOn.Count > 0)
        {
            text.Append("  dependsOn:\n");
            foreach (var dependency in dependsOn)
                text.Append("    - name: ").Append(dependency).Append('\n');
        }

        text.Append("  interval: 10m\n");
        if (retry)
            text.Append("  retryInterval: 1m\n");
        text.Append("  timeout: 5m\n  path: ").Append(path).Append("\n  prune: true\n");
        if (wait)
            text.Append("  wait: true\n");
        text.Append("  sourceRef:\n    kind: GitRepository\n    name: flux-system\n").Append(extra);
        Add(file, text.ToString());
    }

    private static string KustomizeConfig(IEnumerable<string> resources)
    {
        var text = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
        foreach (var resource in resources)
            text.Append("  - ").Append(resource).Append('\n');
        return text.ToString();
    }

    private static string NamespaceLine(string? ns) => ns is null ? "" : $"  namespace: {ns}\n";

    private static string Namespace(string name) =>
        $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:\n    toolkit.fluxcd.io/tenant: {name}\n";

    private static string HelmRepository(string name, string ns, string url) =>
        $"apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  interval: 24h\n  url: {url}\n";

    private static string HelmRelease(string name, string ns, string chart, string version, string repository, string values) =>
        $"apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: {chart}\n      version: {version}\n      sourceRef:\n        kind: HelmRepository\n        name: {repository}\n  install:\n    strategy:\n      name: RetryOnFailure\n  values:\n{values}";

    private static string Deployment(string name, string? ns, int replicas) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n{NamespaceLine(ns)}  labels:\n    app.kubernetes.io/name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/example-org/{name}:1.4.2\n          ports:\n            - name: http\n              containerPort: 8080\n          env:\n            - name: CLUSTER\n              value: ${{cluster_name:=unknown}}\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n";

    private static string Service(string name, string? ns) =>
        $"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n{NamespaceLine(ns)}  labels:\n    app.kubernetes.io/name: {name}\nspec:\n  selector:\n    app.kubernetes.io/name: {name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n";

    private static string ConfigMap(string name, string ns, int seed) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: \"checkout-v{seed % 7},search-v{seed % 3}\"\n  settings.json: |\n    {{\"pool\": {seed % 50 + 5}, \"timeoutSeconds\": 30}}\n";

    private static string Certificate(string name, string ns) =>
        $"apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  secretName: {name}\n  dnsNames:\n    - {ns}.internal.example.org\n  issuerRef:\n    kind: ClusterIssuer\n    name: internal-ca\n";

    private static string ExternalSecret(string name, string ns) =>
        $"apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  refreshInterval: 1h\n  secretStoreRef:\n    kind: ClusterSecretStore\n    name: vault-global\n  target:\n    name: {name}\n  data:\n    - secretKey: password\n      remoteRef:\n        key: {ns}/database\n        property: password\n";

    private static string ServiceMonitor(string name, string? ns) =>
        $"apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: {name}\n{NamespaceLine(ns)}spec:\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  endpoints:\n    - port: http\n      interval: 30s\n";

    private static string Widget(string name, string ns, int seed) =>
        $"apiVersion: platform.example.com/v1alpha1\nkind: Widget\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  size: {(seed % 3 == 0 ? "large" : "small")}\n  owner: ${{team:=unassigned}}\n";

    private static string BackupPolicy(string name, string ns) =>
        $"apiVersion: backup.example.com/v1\nkind: BackupPolicy\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  schedule: \"0 3 * * *\"\n  retentionDays: 14\n  targetRef:\n    name: offsite\n";

    private static string Crd(string group, string kind, string plural, string scope)
    {
        var version = group.StartsWith("platform", StringComparison.Ordinal) ? "v1alpha1" : "v1";
        return string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: {plural}.{group}
            spec:
              group: {group}
              names:
                kind: {kind}
                listKind: {kind}List
                plural: {plural}
                singular: {kind.ToLowerInvariant()}
              scope: {scope}
              versions:
                - name: {version}
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        apiVersion:
                          type: string
                        kind:
                          type: string
                        metadata:
                          type: object
                        spec:
                          type: object
                          x-kubernetes-preserve-unknown-fields: true
                        status:
                          type: object
                          properties:
                            conditions:
                              type: array
                              items:
                                type: object
                                x-kubernetes-preserve-unknown-fields: true
                  subresources:
                    status: {"{}"}

            """);
    }
}
