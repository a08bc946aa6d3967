using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Transactions;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding.Projections.Programs;

namespace JusticePlatform.Funding;

internal static class Extensions
{
    public const string ServiceName = "funding";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPartnerAuthentication();
        builder.AddServiceDatabase<FundingDbContext, PostgresFundingDbContext, SqlServerFundingDbContext>("fundingdb");
        builder.AddMessaging<FundingDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<ActivityCompletedConsumer>();
            bus.AddConsumer<ActivityCancelledConsumer>();
            bus.AddConsumer<ProgramChangedConsumer>();
            bus.AddKnownPartners<FundingDbContext>(ServiceName);
        });
        builder.AddCodeLists(
            RatesApi.Currencies, Organisation.TypeCodes, Organisation.Roles, Grant.Statuses, BudgetLine.Kinds, BudgetLine.BudgetTypes,
            BudgetLine.BudgetStatuses, GrantTransaction.TypeCodes, Contribution.Statuses, UnbookedExpenditure.Statuses);
        builder.Services.Configure<OpenApiExamples>(examples => examples.AddFundingExamples());
        // Values only answered: IATI's codes of the types a partner chose, and why a cost could not be booked.
        builder.Services.Configure<OpenApiCodeLists>(lists => lists
            .Add("OrganisationResponse.iatiTypeCode", Organisation.Types.Values.Distinct())
            .Add("TransactionResponse.iatiTypeCode", GrantTransaction.Types.Values.Distinct())
            .Add("UnbookedExpenditureResponse.reason", Enum.GetValues<UnbookedReason>().Select(UnbookedExpenditureResponse.ReasonCode)));
    }
}
