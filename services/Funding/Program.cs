using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Funding;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Funding — donors, grants and spending");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UsePartnerRequests();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapFundingApi();

app.Run();
