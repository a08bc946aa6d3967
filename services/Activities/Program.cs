using JusticePlatform.Activities;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Activities — programs, results and activities");
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
app.MapKnownBeneficiariesApi();
app.MapAuditApi("/api/v1/activities");
app.MapCodeListsApi("/api/v1/activities");
app.MapMessagingAdminApi("/api/v1/activities");
app.MapProgramsApi();
app.MapActivitiesApi();

app.Run();
