using JusticePlatform.Identity;
using JusticePlatform.Identity.Partners;
using JusticePlatform.Identity.Tokens;
using JusticePlatform.BuildingBlocks.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Identity — partners and their API clients");
builder.AddApplicationServices();

var app = builder.Build();
if (await app.MigrateOnlyAsync(args))
{
    return;
}

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestInputChecks();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
// The administrators' API first: the reference page opens on its first section (Audit), the token flow follows.
app.MapPartnersApi();
app.MapTokenEndpoint();

app.Run();
