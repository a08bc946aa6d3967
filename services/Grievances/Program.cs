using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Grievances — cases, referrals and redress");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UsePartnerRequests();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapAuditApi("/api/v1/grievances");

app.Run();
