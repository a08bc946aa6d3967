using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.Projections.Beneficiaries;
using JusticePlatform.Activities.Data;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Projections.Grants;
using JusticePlatform.Activities.Projections.Grievances;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Iati;
using JusticePlatform.Activities.Programs;
using JusticePlatform.Activities.Reach;
using JusticePlatform.Activities.Reports;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Places;

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
            bus.AddConsumer<GrantChangedConsumer>();
            bus.AddConsumer<GrantBurnChangedConsumer>();
            bus.AddConsumer<GrantBudgetPeriodRecordedConsumer>();
            bus.AddConsumer<GrantTransactionRecordedConsumer>();
            bus.AddKnownPartners<ActivitiesDbContext>(ServiceName);
        });
        builder.Services.AddSingleton<PeriodWriteWindow>();
        builder.Services.AddSingleton(MaliGazetteer.Embedded);
        builder.Services.AddHostedService<UnpublishedProgramsAnnouncer>();
        builder.AddCodeLists(
            ActivityTypes.All, ActivityStatus.All, ProgramStatus.All, MemberRoles.All, MemberStatus.All, ObjectiveKinds.All, ResultTypes.All,
            Measures.All, ActualSources.All, Disaggregation.Dimensions, Disaggregation.Sexes, AgeBandAt.Labels, Disaggregation.DisplacementStatuses, Disaggregation.Disabilities,
            CostCurrencies.All, ReportScopes.All, ManualValueStatus.All, ImportOptions.Strategies, ImportOptions.Modes, ImportOptions.AtomicModes,
            PlaceLevels.Codes);
        // Values only answered: the dimensions a roll-up is by (asked as one comma-separated "by").
        builder.Services.Configure<OpenApiCodeLists>(lists => lists.Add("RollUpResponse.by", RollUps.Dimensions));
        builder.AddImports().AddImportHandler<AttendanceImports>().AddImportHandler<ActivityImports>().AddImportHandler<IatiImports>();
        builder.Services.Configure<OpenApiExamples>(examples => examples.AddActivitiesExamples()
            .AddFile("UploadAttendanceImport", "text/csv", "activityId,beneficiaryId\n0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b,0193a5c9-1e2f-7a30-8b4c-5d6e7f8091a2\n")
            .AddFile("UploadAttendanceImport", "application/json",
                """[{"activityId":"0193a5c8-4d2e-7b61-9f1a-2c3d4e5f6a7b","beneficiaryId":"0193a5c9-1e2f-7a30-8b4c-5d6e7f8091a2"}]""")
            .AddFile("UploadActivityImport", "text/csv",
                "programId,title,type,communePcode,plannedStart,plannedEnd\n0193a5c7-2b1c-7d40-8e5f-6a7b8c9d0e1f,Formation des relais communautaires,training,ML060201,2026-03-02,2026-03-04\n")
            .AddFile("UploadActivityImport", "application/json",
                """[{"programId":"0193a5c7-2b1c-7d40-8e5f-6a7b8c9d0e1f","title":"Formation des relais communautaires","type":"training","communePcode":"ML060201","plannedStart":"2026-03-02","plannedEnd":"2026-03-04"}]"""));
    }
}
