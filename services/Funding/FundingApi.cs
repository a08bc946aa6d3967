using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Rates;
using JusticePlatform.Funding.Reports;
using JusticePlatform.Funding.Transactions;

namespace JusticePlatform.Funding;

public static class FundingApi
{
    public static IEndpointRouteBuilder MapFundingApi(this IEndpointRouteBuilder app)
    {
        app.MapOrganisationsApi();
        app.MapGrantsApi();
        app.MapUnbookedExpendituresApi();
        app.MapAppealsApi();
        app.MapRatesApi();
        app.MapAuditApi("/api/v1/funding");
        app.MapCodeListsApi("/api/v1/funding");
        app.MapMessagingAdminApi("/api/v1/funding");
        return app;
    }
}
