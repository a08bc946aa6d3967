using JusticePlatform.Beneficiaries.BulkUpload;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Gazetteer;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;

namespace JusticePlatform.Beneficiaries;

internal static class Extensions
{
    public const string ServiceName = "beneficiaries";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPartnerAuthentication();
        builder.AddServiceDatabase<BeneficiariesDbContext, PostgresBeneficiariesDbContext, SqlServerBeneficiariesDbContext>("beneficiariesdb");
        builder.AddMessaging<BeneficiariesDbContext>(ServiceName);

        builder.Services.AddSingleton(MaliGazetteer.LoadEmbedded());
        builder.Services.AddSingleton<ImportSignal>();
        builder.Services.AddSingleton<ImportProcessor>();
        builder.Services.AddHostedService<ImportWorker>();
    }
}
