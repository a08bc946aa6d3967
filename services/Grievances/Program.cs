using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Monitoring;
using JusticePlatform.Grievances.Protection;
using JusticePlatform.Grievances.Referrals;
using JusticePlatform.Grievances.Statistics;
using JusticePlatform.BuildingBlocks.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi("JusticePlatform Grievances — cases, referrals and redress");
builder.AddApplicationServices();

var app = builder.Build();
if (await app.MigrateOnlyAsync(args))
{
    return;
}

app.UseServiceDefaults();
app.UsePartnerRequests();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapCasesApi();
app.MapCaseDetailsApi();
app.MapCaseReadAuditApi();
app.MapReferralsApi();
app.MapMonitoringApi();
app.MapStatisticsApi();
app.MapKeysApi();
app.MapAuditApi(CasesApi.Prefix);
app.MapCodeListsApi(CasesApi.Prefix);
app.MapMessagingAdminApi(CasesApi.Prefix);

app.Run();
