using JusticePlatform.Activities;
using JusticePlatform.Activities.Beneficiaries;
using JusticePlatform.BuildingBlocks.Idempotency;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Activities — programs, results and activities");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotency();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapKnownBeneficiariesApi();

app.Run();
