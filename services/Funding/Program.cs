using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding;
using JusticePlatform.BuildingBlocks.Persistence;

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
app.MapFundingApi();

app.Run();
