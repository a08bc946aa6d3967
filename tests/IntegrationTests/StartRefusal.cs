using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests;

/// <summary>A service that must not start: the reason it gives, whichever exception carries it.</summary>
internal static class StartRefusal
{
    public static async Task<string> ReasonAsync<TEntryPoint>(IDictionary<string, string?> settings) where TEntryPoint : class
    {
        var host = new ServiceHost<TEntryPoint>(settings);
        try
        {
            var refused = Assert.ThrowsAny<Exception>(host.StartServer);
            var reasons = new List<string>();
            for (Exception? e = refused; e is not null; e = e.InnerException)
            {
                reasons.Add(e.Message);
            }

            return string.Join(" | ", reasons);
        }
        finally
        {
            try
            {
                await host.DisposeAsync();
            }
            catch (Exception)
            {
                // A host that never started may not dispose cleanly.
            }
        }
    }
}
