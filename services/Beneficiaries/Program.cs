using JusticePlatform.Beneficiaries;
using JusticePlatform.Beneficiaries.Registration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBeneficiariesApi();

app.Run();
