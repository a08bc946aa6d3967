using System.Diagnostics;
using JusticePlatform.TestSupport;

namespace JusticePlatform.EndToEndTests;

public sealed class ApiReferencePageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private TestPlatform _platform = null!;

    public async Task InitializeAsync() =>
        _platform = await TestPlatform.StartAsync(nameof(ApiReferencePageTests), new PlatformOptions { Gateway = true, Grievances = true, Funding = true });

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_reference_page_loads_in_a_browser_and_lists_the_operations_of_every_service_and_the_token_flow()
    {
        Assert.True(File.Exists(Chromium), "This test drives Debian's chromium package (apt-get install chromium); scripts/test.sh installs it.");

        // The page is for a platform that runs: first the gateway has gathered every service's document.
        using (var gateway = new HttpClient { BaseAddress = _platform.Gateway!.Address })
        {
            await GatheredDocument.ReadTextAsync(gateway);
        }

        var page = await RenderAsync(new Uri(_platform.Gateway!.Address, "/docs/"));

        foreach (var operation in new[] { "/api/v1/beneficiaries/audit", "/api/v1/activities/audit", "/api/v1/grievances/audit", "/api/v1/funding/audit" })
        {
            Assert.Contains(operation, page);
        }

        Assert.Contains("Beneficiaries", page);
        Assert.Contains("/connect/token", page);
    }

    /// <summary>The page as headless Chromium leaves it after its scripts have fetched and rendered the OpenAPI document.</summary>
    private static async Task<string> RenderAsync(Uri address)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-");
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    $"--user-data-dir={profile.FullName}", "--virtual-time-budget=15000", "--dump-dom", address.ToString(),
                },
            };
            using var browser = Process.Start(start)!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            _ = browser.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await browser.WaitForExitAsync(timeout.Token);
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
