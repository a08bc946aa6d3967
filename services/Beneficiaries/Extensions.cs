using JusticePlatform.Beneficiaries.Disaggregation;
using JusticePlatform.Beneficiaries.BulkUpload;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.BuildingBlocks.Places;
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
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("kind", Categories.Kinds)
            .Add("sex", Categories.Sexes)
            .Add("displacementStatus", Categories.DisplacementStatuses)
            .Add("vulnerabilities", Categories.Vulnerabilities)
            .Add("roles", Categories.Roles)
            .Add("scope", Categories.ConsentScopes)
            .Add("ageBand", AgeBands.Default.Select(b => b.Label).Append(AgeBands.Unknown))
            .Add("category", Categories.Vulnerabilities.Concat(Categories.Roles))
            .Add("importStrategy", [ImportOptions.Create, ImportOptions.Update, ImportOptions.CreateAndUpdate])
            .Add("importMode", [ImportOptions.Commit, ImportOptions.ValidateOnly])
            .Add("atomicMode", [ImportOptions.PerObject, ImportOptions.All])
            .Add("state", AgreementMatchingState.All));
        builder.Services.Configure<OpenApiExamples>(examples => examples.AddBeneficiaryExamples());
    }
}
