using JusticePlatform.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// First: which proxy's X-Forwarded-For to believe decides the caller's address for all that follows.
app.UseForwardedHeaders();
app.UseServiceDefaults();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapGateway();

app.Run();
