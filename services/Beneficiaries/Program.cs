using JusticePlatform.Beneficiaries;
using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Places;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Beneficiaries — people and groups served");
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
app.MapBeneficiariesApi();
app.MapDataSharingAgreementsApi();
app.MapPlacesApi();
app.MapAuditApi("/api/v1/beneficiaries");
app.MapCodeListsApi("/api/v1/beneficiaries");
app.MapMessagingAdminApi("/api/v1/beneficiaries");

app.Run();
