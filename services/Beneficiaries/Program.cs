using JusticePlatform.Beneficiaries;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Idempotency;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotency();
app.MapDefaultEndpoints();
app.MapBeneficiariesApi();

app.Run();
