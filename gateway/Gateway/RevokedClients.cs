using System.Net.Http.Json;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace JusticePlatform.Gateway;

/// <summary>
/// The clients whose tokens the gateway refuses although their signature and lifetime are good:
/// disabled clients (all their tokens) and clients whose secret was rotated (the tokens issued
/// before). Read from the identity service every <see cref="Refresh"/> (15 seconds by default,
/// "Gateway:RevocationRefresh"), so that a disabled client's tokens stop working within a minute.
/// See docs/decisions/0012-disabling-a-client.md.
/// </summary>
internal sealed class RevokedClients
{
    private volatile Dictionary<string, Revocation> _revocations = new(StringComparer.Ordinal);

    public sealed record Revocation(string ClientId, bool Disabled, DateTimeOffset? TokensNotBefore);

    public static TimeSpan Refresh(IConfiguration configuration) =>
        configuration.GetValue<TimeSpan?>("Gateway:RevocationRefresh") ?? TimeSpan.FromSeconds(15);

    public void Replace(IEnumerable<Revocation> revocations) =>
        _revocations = revocations.ToDictionary(r => r.ClientId, StringComparer.Ordinal);

    /// <summary>True when a token of <paramref name="clientId"/> issued at <paramref name="issuedAt"/> must be refused.</summary>
    public bool IsRevoked(string? clientId, DateTimeOffset? issuedAt) =>
        clientId is not null && _revocations.TryGetValue(clientId, out var revocation)
        && (revocation.Disabled || issuedAt is null || issuedAt < revocation.TokensNotBefore);

    public static void AddRevokedClients(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RevokedClients>();
        builder.Services.AddHostedService<RevocationReader>();
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var validated = jwt.Events.OnTokenValidated;
            jwt.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedClients>();
                var issuedAt = long.TryParse(context.Principal?.FindFirst("iat")?.Value, out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : (DateTimeOffset?)null;
                if (revoked.IsRevoked(context.Principal?.FindFirst(PartnerClaims.ClientId)?.Value, issuedAt))
                {
                    context.Fail("The client of this token was disabled or given a new secret.");
                }
            };
        });
    }

    /// <summary>Reads the list in the background. When the identity service cannot be reached, the last list read stays in force.</summary>
    private sealed class RevocationReader(RevokedClients revoked, IHttpClientFactory clients, IConfiguration configuration, ILogger<RevocationReader> logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var refresh = Refresh(configuration);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Uri.TryCreate(configuration["services:identity:http:0"], UriKind.Absolute, out var identity))
                {
                    try
                    {
                        using var client = clients.CreateClient(ApiReference.HttpClientName);
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        timeout.CancelAfter(TimeSpan.FromSeconds(5));
                        var list = await client.GetFromJsonAsync<List<Revocation>>(new Uri(identity, "/internal/token-revocations"), timeout.Token);
                        revoked.Replace(list ?? []);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
                    {
                        if (stoppingToken.IsCancellationRequested)
                        {
                            return;
                        }

                        logger.LogWarning("The token revocations could not be read from the identity service: {Error}", ex.Message);
                    }
                }

                try
                {
                    await Task.Delay(refresh, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
