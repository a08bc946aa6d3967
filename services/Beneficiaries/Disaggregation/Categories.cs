namespace JusticePlatform.Beneficiaries.Disaggregation;

/// <summary>The code lists a record is disaggregated by. Codes are stable; labels belong to clients.</summary>
public static class Categories
{
    public const string Individual = "individual";

    public static readonly string[] Kinds = [Individual, "association", "cooperative", "household"];

    public static readonly string[] Sexes = ["female", "male", "other", "unknown"];

    /// <summary>host = non-displaced host community; idp_returnee = a displaced person back home in the country.</summary>
    public static readonly string[] DisplacementStatuses = ["host", "idp", "refugee", "returnee", "idp_returnee"];

    public static readonly string[] Vulnerabilities =
    [
        "woman", "child", "youth", "elderly", "person_with_disability", "woman_head_of_household",
        "unaccompanied_child", "gbv_survivor", "widow", "chronic_illness",
    ];

    public static readonly string[] Roles =
    [
        "community_leader", "religious_leader", "traditional_leader", "notable", "paralegal",
        "women_association_member", "youth_association_member", "local_official",
    ];

    /// <summary>What a consent covers.</summary>
    public static readonly string[] ConsentScopes = ["registration", "services", "data_sharing", "follow_up_contact"];

    public static bool IsGroup(string kind) => kind != Individual;
}
