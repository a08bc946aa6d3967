using JusticePlatform.Beneficiaries;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Idempotency;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Beneficiaries — people and groups served");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotency();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapBeneficiariesApi();

app.Run();
