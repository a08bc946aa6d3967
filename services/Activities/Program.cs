using JusticePlatform.Activities;
using JusticePlatform.Activities.Beneficiaries;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapKnownBeneficiariesApi();

app.Run();
