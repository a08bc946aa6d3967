using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.BuildingBlocks.Imports;

public static class ImportExtensions
{
    /// <summary>
    /// Bulk uploads for this service (opt in: its DbContext also overrides UsesImports), run by a
    /// background worker. Each kind of row is one <see cref="IImportHandler"/>, added with <see cref="AddImportHandler{THandler}"/>.
    /// </summary>
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        builder.AddUploadLimit();
        builder.Services.AddSingleton<ImportSignal>();
        builder.Services.AddSingleton<ImportMetrics>();
        builder.Services.AddSingleton<ImportRunner>();
        builder.Services.AddSingleton<ImportWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ImportWorker>());
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("ImportResponse.status", ImportStatus.All)
            .Add("ImportSummary.status", ImportStatus.SummaryStatuses));
        return builder;
    }

    /// <summary>The configured <see cref="UploadLimit"/>, also as the server's limit on any request body.</summary>
    public static IHostApplicationBuilder AddUploadLimit(this IHostApplicationBuilder builder)
    {
        var limit = UploadLimit.From(builder.Configuration);
        builder.Services.AddSingleton(limit);
        // A body declared larger is answered 413 naming the limit before a byte is read (RequestHygiene).
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = limit.MaxUploadBytes);
        return builder;
    }

    public static IHostApplicationBuilder AddImportHandler<THandler>(this IHostApplicationBuilder builder) where THandler : class, IImportHandler
    {
        builder.Services.AddSingleton<IImportHandler, THandler>();
        return builder;
    }
}
