using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Grievances.Cases;

/// <summary>The code lists of cases, incidents, referrals and redress (GBVIMS and protection monitoring).</summary>
public static class CodeLists
{
    public static readonly CodeList Sexes = new("sex", ("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Unknown"));

    public static readonly CodeList RiskLevels = new("riskLevel", ("low", "Low"), ("medium", "Medium"), ("high", "High"));

    /// <summary>GBVIMS core types, then protection-monitoring types.</summary>
    public static readonly CodeList IncidentTypes = new("incidentType",
        ["IncidentRequest.type", "MonitoredIncidentRequest.type", "IncidentResponse.type", "IncidentSummary.type", "MonitoredIncidentSummary.type",
         "ReferredIncident.type", "incidentType"],
        ("rape", "Rape"), ("sexual_assault", "Sexual assault"), ("physical_assault", "Physical assault"), ("forced_marriage", "Forced or early marriage"),
        ("denial_of_resources", "Denial of resources, opportunities or services"), ("psychological_abuse", "Psychological or emotional abuse"),
        ("extortion", "Extortion"), ("robbery", "Robbery"), ("injury", "Injury"), ("death_threat", "Death threat"), ("killing", "Killing"),
        ("abduction", "Abduction"), ("arbitrary_arrest", "Arbitrary arrest or detention"), ("land_dispute", "Land dispute"),
        ("civil_status", "Civil status dispute"), ("other", "Other"));

    public static readonly CodeList PerpetratorCategories = new("perpetratorCategory",
        ("intimate_partner", "Intimate partner"), ("family_member", "Family member"), ("community_member", "Community member"),
        ("armed_group", "Armed group"), ("security_forces", "Security forces"), ("public_official", "Public official"), ("unknown", "Unknown"),
        ("other", "Other"));

    public static readonly CodeList ServiceTypes = new("serviceType",
        ("legal_aid", "Legal aid"), ("psychosocial", "Psychosocial support"), ("medical", "Medical care"), ("safe_house", "Safe house"),
        ("justice_services", "Justice services"), ("mediation", "Mediation"), ("livelihood", "Livelihood support"));

    /// <summary>Bodies outside the platform a case can be referred to.</summary>
    public static readonly CodeList ExternalBodyKinds = new("externalBodyKind", ["ExternalBodyRequest.kind", "externalBodyKind"],
        ("court", "Court"), ("truth_commission", "Truth commission"), ("clinic", "Clinic"), ("police", "Police"), ("other", "Other"));

    /// <summary>What a referral may let the receiver read, besides the survivor code and categories.</summary>
    public static readonly CodeList SharedParts = new("sharedPart", ["shares"],
        ("identity", "Identity"), ("contact", "Contact details"), ("narratives", "Narratives"));

    /// <summary>Why a case may be referred without the survivor's consent for referral (with the override scope).</summary>
    public static readonly CodeList OverrideReasons = new("overrideReason", ["ConsentOverrideRequest.reason", "overrideReason"],
        ("imminent_risk_to_life", "Imminent risk to life"), ("child_protection", "Child protection"),
        ("legal_obligation", "Legal obligation"), ("unable_to_consent", "Unable to consent"));

    public static readonly CodeList RedressStatuses = new("redressStatus", ["RedressRequest.status", "redressStatus"],
        ("none", "None"), ("complaint_filed", "Complaint filed"), ("hearing_held", "Hearing held"), ("judgment", "Judgment"),
        ("redress_obtained", "Redress obtained"));

    public static readonly CodeList RedressKinds = new("redressKind", ["RedressRequest.kind", "redressKind"],
        ("compensation", "Compensation"), ("restitution", "Restitution"), ("rehabilitation", "Rehabilitation"), ("satisfaction", "Satisfaction"),
        ("non_repetition", "Guarantees of non-repetition"));

    /// <summary>The survivor's age band at registration (the platform's default bands), as cases and referrals show it.</summary>
    public static readonly CodeList AgeBands = new("ageBand",
        ("0-4", "0 to 4 years"), ("5-11", "5 to 11 years"), ("12-17", "12 to 17 years"), ("18-59", "18 to 59 years"), ("60+", "60 years and over"),
        ("unknown", "Unknown"));

    /// <summary>The survivor's age band at registration (the platform's default bands).</summary>
    public static string AgeBand(int? age) => age switch
    {
        null or < 0 => "unknown",
        < 5 => "0-4",
        < 12 => "5-11",
        < 18 => "12-17",
        < 60 => "18-59",
        _ => "60+",
    };
}
