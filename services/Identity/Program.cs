using JusticePlatform.Identity;
using JusticePlatform.Identity.Partners;
using JusticePlatform.Identity.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapTokenEndpoint();
app.MapPartnersApi();

app.Run();
