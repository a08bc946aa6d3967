using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Funding;
using JusticePlatform.Funding.Appeals;
using JusticePlatform.Funding.Expenditures;
using JusticePlatform.Funding.Grants;
using JusticePlatform.Funding.Organisations;
using JusticePlatform.Funding.Rates;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Funding — donors, grants and spending");
builder.AddApplicationServices();

var app = builder.Build();
if (await app.MigrateOnlyAsync(args))
{
    return;
}

app.UseServiceDefaults();
app.UsePartnerRequests();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapOrganisationsApi();
app.MapGrantsApi();
app.MapUnbookedExpendituresApi();
app.MapAppealsApi();
app.MapRatesApi();
app.MapAuditApi("/api/v1/funding");
app.MapCodeListsApi("/api/v1/funding");
app.MapMessagingAdminApi("/api/v1/funding");

app.Run();
