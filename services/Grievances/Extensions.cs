using System.Security.Cryptography;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.Grievances.Projections.Programs;
using JusticePlatform.BuildingBlocks.Secrets;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Projections.Beneficiaries;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using JusticePlatform.Grievances.Referrals;
using JusticePlatform.Grievances.Statistics;

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
            bus.AddKnownPartners<GrievancesDbContext>(ServiceName);
            bus.AddConsumer<BeneficiaryRegisteredConsumer>();
            bus.AddConsumer<BeneficiaryErasedConsumer>();
            bus.AddConsumer<BeneficiariesMergedConsumer>();
            bus.AddConsumer<DataSharingAgreementRecordedConsumer>();
            bus.AddConsumer<DataSharingAgreementEndedConsumer>();
            bus.AddConsumer<ProgramChangedConsumer>();
        });
        builder.AddCodeLists(
            CodeLists.Sexes, CodeLists.RiskLevels, CodeLists.IncidentTypes, CodeLists.PerpetratorCategories, CodeLists.ServiceTypes,
            CodeLists.ExternalBodyKinds, CodeLists.SharedParts, CodeLists.OverrideReasons, CodeLists.RedressStatuses, CodeLists.RedressKinds,
            CaseWorkflow.Statuses, ReferralStatus.All, ReferralStatus.Directions, StatisticsApi.ScopeCodes, CodeLists.AgeBands, PlaceLevels.Codes);
        // Values only answered, never sent: what the statistics' scope and the key rotation's status can read.
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("IncidentStatistics.scope", StatisticsApi.AnswerScopes)
            .Add("KeyRotationProgress.status", KeyRotationStatus.All)
            .Add("CaseRead.outcome", BuildingBlocks.Audit.AuditEntry.Outcomes));
        builder.Services.Configure<OpenApiExamples>(examples => examples.AddGrievancesExamples());

        // Survivor data is never stored unencrypted: without a key ring (wrapped, outside the
        // database) the service does not start.
        var section = builder.Configuration.GetSection(EncryptionOptions.Section);
        builder.Services.Configure<EncryptionOptions>(section);
        var encryption = section.Get<EncryptionOptions>() ?? new EncryptionOptions();
        var ringFile = new KeyRingFile(WrappedKeyFile.Open(
            builder.Configuration, builder.Environment, EncryptionOptions.Purpose, encryption.KeyFile, EncryptionOptions.DefaultFileName));
        builder.Services.AddSingleton(MaliGazetteer.Embedded);
        builder.Services.AddSingleton(ringFile);
        builder.Services.AddSingleton(new SurvivorDataProtector(ringFile.Load()));
        builder.Services.AddSingleton<KeyRotationSignal>();
        builder.Services.AddHostedService<KeyRotationWorker>();

        // Nor is a case linked to a named person in clear: the hashes' key is a wrapped key file too.
        var link = builder.Configuration.GetSection(BeneficiaryLinkOptions.Section).Get<BeneficiaryLinkOptions>() ?? new BeneficiaryLinkOptions();
        var linkKey = WrappedKeyFile.Open(builder.Configuration, builder.Environment, BeneficiaryLinkOptions.Purpose, link.KeyFile, BeneficiaryLinkOptions.DefaultFileName)
            .ReadOrCreate(() => RandomNumberGenerator.GetBytes(BeneficiaryLinkOptions.KeySize));
        builder.Services.AddSingleton(new BeneficiaryLinkHasher(linkKey));
        builder.Services.AddHostedService<LegacyBeneficiaryLinkConverter>();
    }
}
