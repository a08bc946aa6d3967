using JusticePlatform.Grievances.Data;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;

namespace JusticePlatform.Grievances;

internal static class Extensions
{
    public const string ServiceName = "grievances";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPartnerAuthentication();
        builder.AddServiceDatabase<GrievancesDbContext, PostgresGrievancesDbContext, SqlServerGrievancesDbContext>("grievancesdb");
        builder.AddMessaging<GrievancesDbContext>(ServiceName);
    }
}
