using FluxRaceLint.Diagnostics;
using FluxRaceLint.Graph;
using FluxRaceLint.Loading;
using FluxRaceLint.Model;

namespace FluxRaceLint.Rules;

/// <summary>
/// FRL012: a Kustomization waits for a HelmRelease it applies, but gives up sooner than
/// helm-controller may take to install it. The health check then fails with 'timeout waiting for
/// ... InProgress' while the chart is still installing, and the Kustomization and everything that
/// depends on it stay not Ready until the next retry.
/// </summary>
public sealed class WaitTimeoutShorterThanReleaseRule : IRule
{
    private static readonly TimeSpan MinimumTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultReleaseTimeout = TimeSpan.FromMinutes(5);

    public RuleDescriptor Descriptor => RuleCatalog.WaitTimeoutShorterThanRelease;

    public void Check(ClusterContext context)
    {
        foreach (var applier in context.Cluster.Appliers)
        {
            if (applier.Kustomization is not { } kustomization || applier.HelmReleases.Count == 0)
                continue;
            if (EffectiveTimeout(kustomization) is not { } timeout)
                continue;

            var longer = new List<(HelmReleaseNode Release, TimeSpan Timeout, string Source)>();
            foreach (var release in applier.HelmReleases)
            {
                if (!WaitsFor(kustomization, release) || ReleaseTimeout(release.Release) is not { } releaseTimeout)
                    continue;
                if (timeout.Value < releaseTimeout.Value)
                    longer.Add((release, releaseTimeout.Value, releaseTimeout.Source));
            }

            if (longer.Count == 0)
                continue;
            var slowest = longer.OrderByDescending(l => l.Timeout).First();
            var spec = kustomization.Object.Spec;
            var location = spec?.Find("timeout") is not null
                ? Anchors.Key(kustomization.Object, spec, "timeout")
                : Anchors.Key(kustomization.Object, kustomization.Object.Root, "spec");
            var others = longer.Count > 1 ? $" ({longer.Count - 1} more {Anchors.Plural(longer.Count - 1, "release")} of this Kustomization {(longer.Count == 2 ? "allows" : "allow")} longer too)" : "";
            context.Report(Anchors.Create(
                Descriptor,
                Descriptor.DefaultSeverity,
                location,
                $"Kustomization '{applier.Display}' waits for HelmRelease '{slowest.Release.Release.Display}' with a timeout of {FluxDuration.Format(timeout.Value)}{timeout.Source}, shorter than the {FluxDuration.Format(slowest.Timeout)} that helm-controller may take to install it ({slowest.Source}){others}, so the health check can time out with the release still 'InProgress' while its chart installs.",
                $"Set 'spec.timeout: {FluxDuration.Format(longer.Max(l => l.Timeout))}' or longer on this Kustomization.",
                [.. longer.Take(5).Select(l => new RelatedLocation(TimeoutSpan(l.Release.Release), $"HelmRelease '{l.Release.Release.Display}' may take {FluxDuration.Format(l.Timeout)}"))],
                $"{applier.Display}|timeout"));
        }
    }

    /// <summary>
    /// Returns spec.timeout, or else the interval minus 30 seconds with a floor of 30 seconds, as
    /// kustomize-controller computes it. Null means a variable or an invalid value makes it unknown.
    /// </summary>
    private static (TimeSpan Value, string Source)? EffectiveTimeout(FluxKustomization kustomization)
    {
        var spec = kustomization.Object.Spec;
        if (kustomization.Timeout is { } timeout)
            return (timeout.Value, "");
        if (spec?.Get("timeout") is not null and not YScalar { IsNull: true })
            return null;
        if (kustomization.Interval is not { } interval)
            return null;
        var derived = interval.Value - TimeSpan.FromSeconds(30);
        return (derived < MinimumTimeout ? MinimumTimeout : derived, $" (its interval of {FluxDuration.Format(interval.Value)} minus 30s)");
    }

    /// <summary>Returns the maximum time a release's install may take: install.timeout, else spec.timeout, else 5 minutes.</summary>
    private static (TimeSpan Value, string Source)? ReleaseTimeout(HelmRelease release)
    {
        if (Fields.Bool(release.Install, "disableWait")?.Value == true)
            return null;
        var installNode = release.Install?.Get("timeout");
        if (installNode is not null and not YScalar { IsNull: true })
            return Fields.Duration(release.Install, "timeout") is { } install ? (install.Value, "its spec.install.timeout") : null;
        var specNode = release.Object.Spec?.Get("timeout");
        if (specNode is not null and not YScalar { IsNull: true })
            return release.Timeout is { } timeout ? (timeout.Value, "its spec.timeout") : null;
        return (DefaultReleaseTimeout, "the HelmRelease default");
    }

    /// <summary>Returns whether the health check covers the release: 'wait: true', or a healthChecks entry naming it.</summary>
    private static bool WaitsFor(FluxKustomization kustomization, HelmReleaseNode release)
    {
        if (kustomization.Wait?.Value == true)
            return true;
        var applied = release.Release.Applied;
        return kustomization.HealthChecks.Any(check => check.Kind == "HelmRelease" && check.Name == applied.Name && (check.Namespace ?? applied.Namespace) == applied.Namespace);
    }

    private static SourceSpan TimeoutSpan(HelmRelease release)
    {
        if (release.Install?.Find("timeout") is { } install)
            return Spans.Of(release.Object.File, install.Key);
        if (release.Object.Spec?.Find("timeout") is { } timeout)
            return Spans.Of(release.Object.File, timeout.Key);
        return release.Object.Anchor;
    }
}
