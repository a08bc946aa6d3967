using Microsoft.AspNetCore.HttpOverrides;
using Yarp.ReverseProxy.Configuration;

namespace JusticePlatform.Gateway;

public static class GatewayExtensions
{
    public static void AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ServiceAddressFilter>();
        builder.Services.AddRequestTimeouts();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseRequestTimeouts();
        return app;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapReverseProxy(proxy => proxy.UseMiddleware<UnavailableServiceProblem>());
        return app;
    }
}
