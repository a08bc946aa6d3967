using JusticePlatform.Activities;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Programs;
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
app.MapProgramsApi();
app.MapActivitiesApi();

app.Run();
