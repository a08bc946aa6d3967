namespace JusticePlatform.TestSupport;

public static class Ready
{
    /// <summary>Waits until a service's /health answers 200: database migrated, broker connected, endpoints bound.</summary>
    public static Task WaitAsync(HttpClient service, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await service.GetAsync("/health");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeout ?? TimeSpan.FromSeconds(60),
            $"{service.BaseAddress} to be healthy");
}
