using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Data;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Money;
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
            Currency.Codes, Organisation.TypeCodes, Organisation.Roles, Grant.Statuses, BudgetLine.Kinds, BudgetLine.BudgetTypes,
            BudgetLine.BudgetStatuses, GrantTransaction.TypeCodes, Contribution.Statuses, UnbookedExpenditure.Statuses);
    }
}
