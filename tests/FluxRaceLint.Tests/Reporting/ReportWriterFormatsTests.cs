using System.Reflection;
using FluxRaceLint.Reporting;

namespace FluxRaceLint.Tests.Reporting;

public sealed class ReportWriterFormatsTests
{
    [Theory]
    [InlineData("text", typeof(TextReportWriter))]
    [InlineData("sarif", typeof(SarifReportWriter))]
    [InlineData("json", typeof(JsonReportWriter))]
    [InlineData("github", typeof(GitHubReportWriter))]
    public void Format_name_creates_its_writer(string format, Type writerType)
    {
        ReportWriters.Formats.ShouldContain(format);
        ReportWriters.Create(format).ShouldBeOfType(writerType);
    }

    [Fact]
    public void Every_listed_format_creates_a_writer()
    {
        foreach (var format in ReportWriters.Formats)
            ReportWriters.Create(format).ShouldNotBeNull(format);
    }

    [Fact]
    public void Repository_url_matches_build_metadata()
    {
        var metadata = typeof(ProjectLinks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryUrl");

        ProjectLinks.RepositoryUrl.ShouldBe(metadata.Value);
    }
}
