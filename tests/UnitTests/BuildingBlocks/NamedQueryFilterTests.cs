using System.Text.RegularExpressions;

namespace JusticePlatform.UnitTests.BuildingBlocks;

/// <summary>
/// IgnoreQueryFilters() without names drops every filter of the set, including ones added later
/// (soft delete, status): a query that meant to reach across partners would silently reach deleted
/// rows too. Only the named form says which filter a query goes without.
/// </summary>
public sealed partial class NamedQueryFilterTests
{
    [Fact]
    public void No_service_or_test_source_calls_IgnoreQueryFilters_without_filter_names()
    {
        var unnamed = ServiceSources().Concat(TestSources())
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => UnnamedCall().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot(), l.file)}:{l.number}")
            .ToList();

        Assert.True(unnamed.Count == 0, "IgnoreQueryFilters() must name the filters it ignores: " + string.Join(", ", unnamed));
    }

    [Fact]
    public void The_scan_reads_the_services_sources_and_finds_their_named_calls()
    {
        var named = ServiceSources().Count(file => File.ReadAllText(file).Contains("IgnoreQueryFilters([", StringComparison.Ordinal));

        Assert.True(named >= 5, $"only {named} files with named IgnoreQueryFilters calls were found: the scan is not reading the sources");
    }

    [Theory]
    [InlineData("db.Cases.IgnoreQueryFilters()", true)]
    [InlineData("db.Cases.IgnoreQueryFilters( )", true)]
    [InlineData("db.Cases.IgnoreQueryFilters([ServiceDbContext.OwnershipFilter])", false)]
    public void The_scan_tells_an_unnamed_call_from_a_named_one(string line, bool unnamed) =>
        Assert.Equal(unnamed, UnnamedCall().IsMatch(line));

    private static IEnumerable<string> ServiceSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "services"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "Migrations" or "obj" or "bin"));

    // This file spells the unnamed call in its own examples.
    private static IEnumerable<string> TestSources() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin") && Path.GetFileName(file) != "NamedQueryFilterTests.cs");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JusticePlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (JusticePlatform.sln) was not found above the test's directory.");
    }

    [GeneratedRegex(@"IgnoreQueryFilters\s*\(\s*\)")]
    private static partial Regex UnnamedCall();
}
