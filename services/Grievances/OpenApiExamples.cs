using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Monitoring;
using JusticePlatform.Grievances.Referrals;

namespace JusticePlatform.Grievances;

/// <summary>
/// The request examples of this service's document: a case opened by AMSS in Timbuktu, its
/// incident, its referral to Stop Sahel for legal aid and the redress obtained, and an incident
/// of protection monitoring, each as the service accepts it.
/// </summary>
internal static class ApiExamples
{
    public static OpenApiExamples AddGrievancesExamples(this OpenApiExamples examples) => examples
        .Add(new CaseRequest(
            new SurvivorIdentity("Aminata Maïga", "+223 76000002", "Quartier Abaradjou, Tombouctou"), BeneficiaryId: null, "female", 24, "high",
            "Mariam Coulibaly", new ConsentRequest(true, true, true), ProgramId: null))
        .Add(new StatusRequest(CaseWorkflow.Assessment))
        .Add(new ConsentRequest(true, true, true))
        .Add(new RedressRequest("redress_obtained", "compensation", new DateOnly(2026, 11, 20)))
        .Add(new IncidentRequest(
            "physical_assault", new DateOnly(2026, 10, 12), DateIsApproximate: false, "ML060201", "intimate_partner",
            "Récit recueilli lors de l'entretien initial, avec le consentement de la survivante.", MonitoredIncidentId: null))
        .Add(new ReferralRequest("legal_aid", "stop-sahel", ExternalBody: null, ["identity", "contact"], ConsentOverride: null))
        .Add(new ExternalBodyRequest("court", "Tribunal de grande instance de Tombouctou"))
        .Add(new ConsentOverrideRequest("imminent_risk_to_life", "Risque imminent signalé par l'assistante sociale."))
        .Add(new MonitoredIncidentRequest("land_dispute", new DateOnly(2026, 10, 12), "ML06", "ML060201", "community_member", ConsentForReporting: true))
        .AddValue("name", "Aminata Maïga")
        .AddValue("type", "physical_assault");
}
