using FluxRaceLint.Diagnostics;

namespace FluxRaceLint.Tests.Hostile;

/// <summary>Files that are not plain Kubernetes YAML: Helm templates, SOPS-encrypted Secrets and JSON.</summary>
public sealed class ForeignContentTests
{
    [Fact]
    public void Unparsable_helm_template_is_a_note()
    {
        var template = "{{- if .Values.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"chart.fullname\" . }}\n  labels:\n    {{- include \"chart.labels\" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n{{- end }}\n";
        using var repository = new TempRepository().WithRacy().With("charts/web/templates/deployment.yaml", template);

        var outcome = Hostile.Check(repository);

        var findings = outcome.Result.ShouldHaveInputFinding("charts/web/templates/deployment.yaml", Severity.Note);
        findings.ShouldAllBe(f => f.Message.Contains("template"));
        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path.StartsWith("charts/", StringComparison.Ordinal) && f.Level == Severity.Error);
    }

    [Fact]
    public void Parsable_helm_template_gives_no_error()
    {
        // '{{ .Values.name }}' reads as a flow mapping whose key is a flow mapping.
        using var repository = new TempRepository().WithRacy()
            .With("charts/web/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\ndata: {{ toYaml .Values.data }}\n");

        var outcome = Hostile.Check(repository);

        outcome.Result.Findings.ShouldNotContain(f => f.Location.Path.StartsWith("charts/", StringComparison.Ordinal) && f.Level == Severity.Error, Hostile.Describe(outcome.Result));
    }

    [Fact]
    public void Template_markers_in_a_flux_kustomization()
    {
        var text = Racy.Kustomization.Replace("name: web", "name: {{ .Name }}", StringComparison.Ordinal).Replace("interval: 10m", "interval: {{ .Interval }", StringComparison.Ordinal);
        using var repository = new TempRepository().WithRacy().With("racy/templated.yaml", text);

        Hostile.Check(repository);
    }

    [Fact]
    public void Sops_encrypted_secret_gives_no_error()
    {
        var secret = """
            apiVersion: v1
            kind: Secret
            metadata:
                name: db-credentials
                namespace: default
            type: Opaque
            stringData:
                password: ENC[AES256_GCM,data:Tr7o1Q==,iv:1bKGkzPWTvFzVxM6S5lz+b0r4Wuf5t9SwqT3tPW6Yk8=,tag:Yb0Ob3w2I4mXk5lWeQ1wJQ==,type:str]
            sops:
                kms: []
                gcp_kms: []
                azure_kv: []
                hc_vault: []
                age:
                    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBqZm9vYmFy
                        -----END AGE ENCRYPTED FILE-----
                lastmodified: "2024-01-01T00:00:00Z"
                mac: ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]
                pgp: []
                encrypted_regex: ^(data|stringData)$
                version: 3.8.1

            """;
        using var repository = new TempRepository().WithRacy().With("apps/web/secret.enc.yaml", secret);

        Hostile.Check(repository).Result.ShouldHaveNoFindingFor("apps/web/secret.enc.yaml");
    }

    [Fact]
    public void Sops_encrypted_values_in_a_flux_object()
    {
        var text = Racy.Kustomization.Replace("name: web", "name: sealed", StringComparison.Ordinal)
            .Replace("interval: 10m", "interval: ENC[AES256_GCM,data:MTBt,iv:aXY=,tag:dGFn,type:str]", StringComparison.Ordinal)
            + "sops:\n  version: 3.8.1\n";
        using var repository = new TempRepository().WithRacy().With("racy/sealed.yaml", text);

        Hostile.Check(repository).Result.ShouldHaveInputFinding("racy/sealed.yaml").ShouldContain(f => f.Message.Contains("spec.interval"));
    }

    [Fact]
    public void Json_file_named_yaml()
    {
        var json = "{\"apiVersion\": \"kustomize.toolkit.fluxcd.io/v1\", \"kind\": \"Kustomization\", \"metadata\": {\"name\": \"json\", \"namespace\": \"flux-system\"},"
            + " \"spec\": {\"interval\": \"10m\", \"retryInterval\": \"1m\", \"path\": \"./apps/web\", \"prune\": true, \"sourceRef\": {\"kind\": \"GitRepository\", \"name\": \"flux-system\"}, \"dependsOn\": [{\"name\": \"ghost\"}]}}";
        using var repository = new TempRepository().WithRacy().With("racy/json.yaml", json);

        Hostile.Check(repository).Result.Findings.ShouldContain(f => f.Location.Path == "racy/json.yaml" && f.Rule.Id == "FRL007");
    }
}
