using JusticePlatform.Identity;
using JusticePlatform.Identity.Partners;
using JusticePlatform.Identity.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Identity — partners and their API clients");
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
// The administrators' API first: the reference page opens on its first section (Audit), the token flow follows.
app.MapPartnersApi();
app.MapTokenEndpoint();

app.Run();
