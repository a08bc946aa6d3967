using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.Gateway;

public static class GatewayExtensions
{
    /// <summary>The authorization policy of every /api/v1 route: a valid partner token (each service then checks scopes).</summary>
    public const string PartnerPolicy = "partner";

    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ServiceAddressFilter>();
        builder.Services.AddSingleton<Yarp.ReverseProxy.Health.IPassiveHealthCheckPolicy, InstanceUnreachable>();

        // The gateway checks tokens too, so that a bad one never reaches a service or spends a partner's quota.
        // ... and refuses the tokens of disabled clients (RevokedClients, in the shared partner authentication).
        builder.AddPartnerAuthentication();
        builder.Services.AddAuthorizationBuilder().AddPolicy(PartnerPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireClaim(PartnerClaims.PartnerId));

        // The one upload limit: every route's body limit and the server's (see ServiceAddressFilter).
        builder.AddUploadLimit();
        builder.AddTrustedProxies();
        builder.AddPartnerRateLimiting();
        builder.Services.AddRequestTimeouts();
        // A service builds its OpenAPI document on the first ask, which may outlast the standard
        // handler's 10 s attempt; a retry would only start that work again. ApiReference times it itself.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(ApiReference.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddMemoryCache();
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<PartnerRateLimiting>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestInputChecks();
        app.UseRequestTimeouts();
        return app;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapApiReference();
        app.MapOpenIdDiscovery();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<UnavailableServiceProblem>();
            proxy.UseMiddleware<RequestBodyLimit>();
            // Balanced across a service's healthy instances; a failure that did no work goes to another.
            proxy.UseMiddleware<RetryOnAnotherInstance>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
