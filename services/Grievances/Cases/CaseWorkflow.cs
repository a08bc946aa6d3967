using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Grievances.Cases;

/// <summary>
/// The case workflow: new → assessment → case_plan → services_implemented → closed, one step at
/// a time. A case may be closed from any open step (the survivor withdraws, the case is moved);
/// a closed case is reopened into assessment.
/// </summary>
public static class CaseWorkflow
{
    public const string New = "new";
    public const string Assessment = "assessment";
    public const string CasePlan = "case_plan";
    public const string ServicesImplemented = "services_implemented";
    public const string Closed = "closed";

    public static readonly CodeList Statuses = new("caseStatus",
        ["StatusRequest.status", "CaseQuery.status", "CaseResponse.status", "CaseSummary.status", "CaseSummary.nextStatuses", "CaseStatusChangeResponse.from", "CaseStatusChangeResponse.to"],
        (New, "New"), (Assessment, "Assessment"), (CasePlan, "Case plan"), (ServicesImplemented, "Services implemented"), (Closed, "Closed"));

    public static bool CanMove(string from, string to) => (from, to) switch
    {
        (New, Assessment) => true,
        (Assessment, CasePlan) => true,
        (CasePlan, ServicesImplemented) => true,
        (Closed, _) => to == Assessment,
        (_, Closed) => true,
        _ => false,
    };

    /// <summary>The steps a case in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<string> Next(string from) => Statuses.Where(to => CanMove(from, to)).ToList();
}
