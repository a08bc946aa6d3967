using JusticePlatform.Activities.Beneficiaries;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Grievances;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;

namespace JusticePlatform.Activities;

internal static class Extensions
{
    public const string ServiceName = "activities";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPartnerAuthentication();
        builder.AddServiceDatabase<ActivitiesDbContext, PostgresActivitiesDbContext, SqlServerActivitiesDbContext>("activitiesdb");
        builder.AddMessaging<ActivitiesDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<BeneficiaryRegisteredConsumer>();
            bus.AddConsumer<BeneficiaryUpdatedConsumer>();
            bus.AddConsumer<BeneficiariesMergedConsumer>();
            bus.AddConsumer<BeneficiaryErasedConsumer>();
            bus.AddConsumer<GrievanceRedressObtainedConsumer>();
        });
        builder.AddImports().AddImportHandler<AttendanceImports>().AddImportHandler<ActivityImports>();
    }
}
