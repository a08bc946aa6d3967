using JusticePlatform.Activities;
using JusticePlatform.Activities.Beneficiaries;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Programs;
using JusticePlatform.BuildingBlocks.Partners;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Activities — programs, results and activities");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UsePartnerRequests();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapKnownBeneficiariesApi();
app.MapProgramsApi();
app.MapActivitiesApi();

app.Run();
