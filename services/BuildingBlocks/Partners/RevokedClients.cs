using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>
/// The clients whose tokens are refused although their signature and lifetime are good: disabled
/// clients (all their tokens) and clients whose secret was rotated (the tokens issued before).
/// The gateway and every service read the list from the identity service every
/// <see cref="IdentityOptions.RevocationRefresh"/> (15 seconds by default), so that a disabled
/// client's tokens stop working within a minute, whether they come through the gateway or not.
/// See docs/decisions/0012-disabling-a-client.md.
/// </summary>
public sealed class RevokedClients
{
    /// <summary>Where the identity service publishes the list; reached only inside the platform's network.</summary>
    public const string Path = "/internal/token-revocations";

    public const string HttpClientName = "identity-revocations";

    private volatile Dictionary<string, Revocation> _revocations = new(StringComparer.Ordinal);

    public sealed record Revocation(string ClientId, bool Disabled, DateTimeOffset? TokensNotBefore);

    /// <summary>True once the list has been read at least once.</summary>
    public bool Read { get; private set; }

    public void Replace(IEnumerable<Revocation> revocations)
    {
        _revocations = revocations.ToDictionary(r => r.ClientId, StringComparer.Ordinal);
        Read = true;
    }

    /// <summary>True when a token of <paramref name="clientId"/> issued at <paramref name="issuedAt"/> must be refused.</summary>
    public bool IsRevoked(string? clientId, DateTimeOffset? issuedAt) =>
        clientId is not null && _revocations.TryGetValue(clientId, out var revocation)
        && (revocation.Disabled || issuedAt is null || issuedAt < revocation.TokensNotBefore);

    /// <summary>
    /// When the token was issued: its milliseconds claim, else the start of its <c>iat</c> second, so
    /// that a token which may have been issued before a rotation in that same second is refused.
    /// </summary>
    public static DateTimeOffset? IssuedAt(ClaimsPrincipal? token) =>
        long.TryParse(token?.FindFirst(PartnerClaims.IssuedAtMilliseconds)?.Value, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : long.TryParse(token?.FindFirst("iat")?.Value, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

    /// <summary>Refuses, in the JWT bearer validation, the tokens of revoked clients; reads the list from <paramref name="identity"/>.</summary>
    internal static void Add(IHostApplicationBuilder builder, Uri identity, TimeSpan refresh)
    {
        builder.Services.AddSingleton<RevokedClients>();
        // Read every few seconds: the HTTP client's own request logs would drown the ones that matter.
        builder.Services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        builder.Services.AddHostedService(services => new RevocationReader(
            services.GetRequiredService<RevokedClients>(),
            services.GetRequiredService<IHttpClientFactory>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<RevokedClients>>(),
            new Uri(identity, Path),
            refresh));
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var validated = jwt.Events.OnTokenValidated;
            jwt.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedClients>();
                if (revoked.IsRevoked(context.Principal?.FindFirst(PartnerClaims.ClientId)?.Value, IssuedAt(context.Principal)))
                {
                    context.Fail("The client of this token was disabled or given a new secret.");
                }
            };
        });
    }

    /// <summary>
    /// Reads the list in the background. When the identity service cannot be reached, the last list
    /// read stays in force. Routine reads log at Debug; an outage is one warning when it starts and
    /// one line when it ends, not a warning every few seconds.
    /// </summary>
    private sealed class RevocationReader(
        RevokedClients revoked, IHttpClientFactory clients, TimeProvider clock, ILogger<RevokedClients> logger, Uri list, TimeSpan refresh)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    using var client = clients.CreateClient(HttpClientName);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(5));
                    var read = await client.GetFromJsonAsync<List<Revocation>>(list, timeout.Token) ?? [];
                    revoked.Replace(read);
                    if (failures > 0)
                    {
                        logger.LogInformation("The token revocations are read from the identity service again, after {Failures} failed reads", failures);
                    }

                    failures = 0;
                    logger.LogDebug("Read {Count} token revocations", read.Count);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // Any failure (the resilience pipeline's own timeout too) leaves the last list in
                    // force; a background service that threw would stop the whole host.
                    if (failures++ == 0)
                    {
                        logger.LogWarning("The token revocations could not be read from the identity service; the last list read stays in force: {Error}", ex.Message);
                    }
                    else
                    {
                        logger.LogDebug("The token revocations could not be read from the identity service (failure {Failures}): {Error}", failures, ex.Message);
                    }
                }

                try
                {
                    await Task.Delay(refresh, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
