using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.BulkUpload;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.Beneficiaries.Statistics;
using JusticePlatform.BuildingBlocks.Places;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
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
        builder.AddMessaging<BeneficiariesDbContext>(ServiceName, bus => bus.AddKnownPartners<BeneficiariesDbContext>(ServiceName));

        builder.Services.AddSingleton(MaliGazetteer.Embedded);
        builder.Services.AddSingleton(MatchKeys.FromConfiguration(builder.Configuration));
        builder.AddImports().AddImportHandler<BeneficiaryImports>();
        builder.Services.AddSingleton<AgreementMatchingSignal>();
        builder.Services.AddSingleton<AgreementMatchingWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AgreementMatchingWorker>());
        builder.AddCodeLists(
            Categories.Kinds, Categories.Sexes, Categories.DisplacementStatuses, Categories.Vulnerabilities, Categories.Roles,
            Categories.ConsentScopes, Categories.ListCategories, AgeBands.Codes, AgreementMatchingState.Codes,
            ImportOptions.Strategies, ImportOptions.Modes, ImportOptions.AtomicModes, PlaceLevels.Codes);
        // Values only answered, never sent.
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("BeneficiaryResponse.status", BeneficiaryStatus.All)
            .Add("MergeResponse.status", [MergeApi.Merged, MergeApi.AwaitingOtherOwner])
            .Add("PossibleDuplicate.matchedOn", [DuplicateFinder.OnPerson, DuplicateFinder.OnPhone])
            .Add("StatisticsResponse.scope", [StatisticsApi.OwnScope, StatisticsApi.AllPartnersScope]));
        builder.Services.Configure<OpenApiExamples>(examples => examples.AddBeneficiaryExamples());
    }
}
