using JusticePlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseServiceDefaults();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
