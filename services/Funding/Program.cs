using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.Funding;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseIdempotency();
app.MapDefaultEndpoints();
app.MapAuditApi("/api/v1/funding");

app.Run();
