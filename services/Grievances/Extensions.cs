using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Grievances.BeneficiaryLinks;
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
        builder.AddMessaging<GrievancesDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<BeneficiaryRegisteredConsumer>();
            bus.AddConsumer<BeneficiaryErasedConsumer>();
            bus.AddConsumer<BeneficiariesMergedConsumer>();
            bus.AddConsumer<DataSharingAgreementRecordedConsumer>();
            bus.AddConsumer<DataSharingAgreementEndedConsumer>();
        });

        // Survivor data is never stored unencrypted: without a key ring the service does not start.
        var encryption = builder.Configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        builder.Services.AddSingleton(new SurvivorDataProtector(encryption.ToKeyRing()));

        // Nor is a case linked to a named person in clear: without the hash key the service does not start either.
        var link = builder.Configuration.GetSection(BeneficiaryLinkOptions.Section).Get<BeneficiaryLinkOptions>() ?? new BeneficiaryLinkOptions();
        builder.Services.AddSingleton(new BeneficiaryLinkHasher(link));
        builder.Services.AddHostedService<LegacyBeneficiaryLinkConverter>();
    }
}
