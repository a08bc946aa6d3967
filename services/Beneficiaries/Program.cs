using JusticePlatform.Beneficiaries;
using JusticePlatform.Beneficiaries.Registration;
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

app.Run();
