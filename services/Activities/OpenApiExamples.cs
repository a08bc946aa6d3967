using JusticePlatform.BuildingBlocks.Currencies;
using JusticePlatform.Activities.FieldActivities;
using JusticePlatform.Activities.Frameworks;
using JusticePlatform.Activities.Programs;

namespace JusticePlatform.Activities;

/// <summary>
/// The request examples of this service's document: one program of AMSS in Timbuktu, its framework
/// and one of its activities, each as the service accepts it. The ids are placeholders of the
/// records an earlier example creates (the program's, the objective's …).
/// </summary>
internal static class ApiExamples
{
    private static readonly Guid Program = Guid.Parse("0193a5c7-2b1c-7d40-8e5f-6a7b8c9d0e1f");
    private static readonly Guid Objective = Guid.Parse("0193a5c7-3c2d-7e51-9f60-7b8c9d0e1f20");
    private static readonly Guid Result = Guid.Parse("0193a5c7-4d3e-7f62-8a71-8c9d0e1f2031");
    private static readonly Guid Period = Guid.Parse("0193a5c7-5e4f-7073-9b82-9d0e1f203142");
    private static readonly Guid Indicator = Guid.Parse("0193a5c7-6f50-7184-8c93-0e1f20314253");
    private static readonly Guid Beneficiary = Guid.Parse("0193a5c9-1e2f-7a30-8b4c-5d6e7f8091a2");

    public const string IatiActivityFile =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <iati-activities version="2.03" generated-datetime="2026-11-01T09:30:00Z">
          <iati-activity last-updated-datetime="2026-11-01T09:30:00Z" xml:lang="fr" default-currency="XOF">
            <iati-identifier>XM-DAC-41146-PJ-GAO-2026</iati-identifier>
            <reporting-org ref="XM-DAC-41146" type="40"><narrative>ONU Femmes</narrative></reporting-org>
            <title><narrative>Aide juridique aux femmes de Gao</narrative></title>
            <participating-org role="1" ref="XM-DAC-41146" type="40"><narrative>ONU Femmes</narrative></participating-org>
            <activity-status code="2"/>
            <activity-date iso-date="2026-01-01" type="1"/>
            <activity-date iso-date="2027-12-31" type="3"/>
            <recipient-country code="ML"/>
            <sector code="15130" vocabulary="1"/>
          </iati-activity>
        </iati-activities>
        """;

    public static OpenApiExamples AddActivitiesExamples(this OpenApiExamples examples) => examples
        .Add(new ProgramRequest(
            Code: "PJ-TBK-2026", TitleFr: "Accès à la justice pour les femmes de Tombouctou", TitleEn: "Access to justice for women in Timbuktu",
            Members: [new MemberRequest("amss", MemberRoles.Lead)], FunderIds: ["XM-DAC-41146"], SectorCodes: ["15130"], CommunePcodes: ["ML060201"],
            StartDate: new DateOnly(2026, 1, 1), EndDate: new DateOnly(2027, 12, 31), Status: "active",
            DescriptionFr: "Aide juridique, médiation et accompagnement des survivantes dans la région de Tombouctou.",
            DescriptionEn: "Legal aid, mediation and support for survivors in the Timbuktu region.",
            ReportingOrgRef: "XM-DAC-41146", IatiIdentifier: "XM-DAC-41146-PJ-TBK-2026"))
        .Add(new ObjectiveRequest("OS1", "Les survivantes de violences accèdent à la justice", "specific"))
        .Add(new ResultRequest(Objective, "R1.1", "Les survivantes reçoivent une aide juridique gratuite", "output"))
        .Add(new PeriodRequest("T4 2026", new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)))
        .Add(new IndicatorRequest(
            Result, "IND-1.1.1", "Nombre de survivantes ayant reçu une aide juridique", "unit", Ascending: true, new BaselineRequest(2025, 0m),
            ["sex"], "manual", NumeratorId: null, DenominatorId: null, [new TargetRequest(Period, 120m, "sex", "female")]))
        .Add(new ManualValueRequest(Period, 35m, null, "Chiffre validé par le comité de suivi de Tombouctou."))
        .Add(new ActivityRequest(
            Program, "Formation des relais communautaires", "training", [Result], [Indicator], "ML060201",
            new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 7), new MoneyRequest(150000m, "XOF", new DateOnly(2026, 10, 5)), BudgetLineId: null))
        .Add(new StartRequest(new DateOnly(2026, 10, 5)))
        .Add(new CompleteRequest(new DateOnly(2026, 10, 5), new DateOnly(2026, 10, 7), new MoneyRequest(145500m, "XOF", new DateOnly(2026, 10, 7))))
        .Add(new AttendanceRequest([Beneficiary]))
        .Add(new ReachRequest([new ReachCellRequest("female", "18-59", HasDisability: null, "idp", 12, "no"), new ReachCellRequest("male", "18-59", null, "idp", 7, "no")]))
        .AddValue("code", "PJ-TBK-2026")
        .AddValue("title", "Formation des relais communautaires")
        .AddValue("iatiIdentifier", "XM-DAC-41146-PJ-TBK-2026")
        .AddFile("UploadIatiActivityImport", "application/xml", IatiActivityFile)
        .AddFile("UploadIatiActivityImport", "text/xml", IatiActivityFile);
}
