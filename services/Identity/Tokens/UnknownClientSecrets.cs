using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace JusticePlatform.Identity.Tokens;

/// <summary>
/// The token endpoint verifies a client's secret against its stored PBKDF2 hash; for a client id
/// that does not exist there is no hash, and a refusal without that work would answer faster and
/// tell an attacker which client ids exist. So an unknown client's secret is verified too, by the
/// same OpenIddict code against a fixed dummy hash of the same algorithm and cost (PBKDF2-SHA256,
/// 10,000 iterations), and then refused as every invalid client is.
/// </summary>
public sealed class UnknownClientSecrets
{
    /// <summary>PBKDF2-SHA256, 10,000 iterations, 16-byte salt, 32-byte key, in OpenIddict's format, of <see cref="DummySecret"/>.</summary>
    public const string DummyHash = "AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg/oElVgg5n57TzI758W6b//mrECuxGVcVO7P+OmaGO7Ww==";

    /// <summary>The secret <see cref="DummyHash"/> was made from; no client has it, and none can have it as an id is never "unknown".</summary>
    public const string DummySecret = "unknown-client-dummy-secret";

    private long _verifications;

    /// <summary>How many unknown clients' secrets were verified against the dummy hash since start-up.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    /// <summary>A stored client that never matches a real secret, for OpenIddict to verify against.</summary>
    public static OpenIddictEntityFrameworkCoreApplication DummyClient() => new()
    {
        ClientId = "unknown",
        ClientType = ClientTypes.Confidential,
        ClientSecret = DummyHash,
    };

    /// <summary>Verifies <paramref name="secret"/> against the dummy hash, as much work as a known client's check; the answer is thrown away.</summary>
    public async Task VerifyAgainstDummyAsync(IOpenIddictApplicationManager applications, string secret, CancellationToken cancellationToken)
    {
        await applications.ValidateClientSecretAsync(DummyClient(), secret, cancellationToken);
        Interlocked.Increment(ref _verifications);
    }

    /// <summary>
    /// Runs when the token endpoint refuses a client (invalid_client): when the client id is unknown,
    /// the secret sent is verified against the dummy hash before the answer leaves.
    /// </summary>
    internal sealed class Handler(IOpenIddictApplicationManager applications, UnknownClientSecrets unknown)
        : IOpenIddictServerHandler<ApplyTokenResponseContext>
    {
        public async ValueTask HandleAsync(ApplyTokenResponseContext context)
        {
            if (context.Response.Error is not Errors.InvalidClient
                || context.Request?.ClientSecret is not { Length: > 0 } secret)
            {
                return;
            }

            var clientId = context.Request.ClientId;
            if (string.IsNullOrEmpty(clientId) || await applications.FindByClientIdAsync(clientId, context.CancellationToken) is null)
            {
                await unknown.VerifyAgainstDummyAsync(applications, secret, context.CancellationToken);
            }
        }
    }
}

public static class UnknownClientSecretsExtensions
{
    /// <summary>Makes the token endpoint verify an unknown client's secret against a dummy hash (see <see cref="UnknownClientSecrets"/>).</summary>
    public static OpenIddictServerBuilder VerifySecretsOfUnknownClients(this OpenIddictServerBuilder server)
    {
        server.Services.AddSingleton<UnknownClientSecrets>();
        return server.AddEventHandler<ApplyTokenResponseContext>(handler => handler
            .UseScopedHandler<UnknownClientSecrets.Handler>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom));
    }
}
