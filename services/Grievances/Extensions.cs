using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;

namespace JusticePlatform.Grievances;

internal static class Extensions
{
    public const string ServiceName = "grievances";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPartnerAuthentication();
        builder.AddServiceDatabase<GrievancesDbContext, PostgresGrievancesDbContext, SqlServerGrievancesDbContext>("grievancesdb");
        builder.AddMessaging<GrievancesDbContext>(ServiceName, bus => bus.AddKnownPartners<GrievancesDbContext>(ServiceName));

        // Survivor data is never stored unencrypted: without a key ring the service does not start.
        var encryption = builder.Configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        builder.Services.AddSingleton(new SurvivorDataProtector(encryption.ToKeyRing()));
    }
}
