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
app.MapTokenEndpoint();
app.MapPartnersApi();

app.Run();
