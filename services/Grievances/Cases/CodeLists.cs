namespace JusticePlatform.Grievances.Cases;

/// <summary>The code lists of cases, incidents, referrals and redress (GBVIMS and protection monitoring).</summary>
public static class CodeLists
{
    public static readonly string[] Sexes = ["female", "male", "other", "unknown"];

    public static readonly string[] RiskLevels = ["low", "medium", "high"];

    /// <summary>GBVIMS core types, then protection-monitoring types.</summary>
    public static readonly string[] IncidentTypes =
    [
        "rape", "sexual_assault", "physical_assault", "forced_marriage", "denial_of_resources", "psychological_abuse",
        "extortion", "robbery", "injury", "death_threat", "killing", "abduction", "arbitrary_arrest", "land_dispute",
        "civil_status", "other",
    ];

    public static readonly string[] PerpetratorCategories =
    [
        "intimate_partner", "family_member", "community_member", "armed_group", "security_forces", "public_official", "unknown", "other",
    ];

    public static readonly string[] ServiceTypes =
        ["legal_aid", "psychosocial", "medical", "safe_house", "justice_services", "mediation", "livelihood"];

    /// <summary>Bodies outside the platform a case can be referred to.</summary>
    public static readonly string[] ExternalBodyKinds = ["court", "truth_commission", "clinic", "police", "other"];

    /// <summary>What a referral may let the receiver read, besides the survivor code and categories.</summary>
    public static readonly string[] SharedParts = ["identity", "contact", "narratives"];

    /// <summary>Why a case may be referred without the survivor's consent for referral (with the override scope).</summary>
    public static readonly string[] OverrideReasons = ["imminent_risk_to_life", "child_protection", "legal_obligation", "unable_to_consent"];

    public static readonly string[] RedressStatuses = ["none", "complaint_filed", "hearing_held", "judgment", "redress_obtained"];

    public static readonly string[] RedressKinds = ["compensation", "restitution", "rehabilitation", "satisfaction", "non_repetition"];

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
