using JusticePlatform.BuildingBlocks.Http;

namespace JusticePlatform.Beneficiaries.Disaggregation;

/// <summary>The code lists a record is disaggregated by. Codes are stable; labels (English here, other languages in the text catalogues) are for people.</summary>
public static class Categories
{
    public const string Individual = "individual";

    public static readonly CodeList Kinds = new("kind",
        (Individual, "Individual"), ("association", "Association"), ("cooperative", "Cooperative"), ("household", "Household"));

    public static readonly CodeList Sexes = new("sex", ("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Unknown"));

    /// <summary>host = non-displaced host community; idp_returnee = a displaced person back home in the country.</summary>
    public static readonly CodeList DisplacementStatuses = new("displacementStatus",
        ("host", "Non-displaced (host community)"), ("idp", "Internally displaced person"), ("refugee", "Refugee"),
        ("returnee", "Returnee (refugee back home)"), ("idp_returnee", "Returned internally displaced person"));

    public static readonly CodeList Vulnerabilities = new("vulnerability", ["vulnerabilities"],
        ("woman", "Woman"), ("child", "Child"), ("youth", "Youth"), ("elderly", "Elderly person"),
        ("person_with_disability", "Person with a disability"), ("woman_head_of_household", "Woman head of household"),
        ("unaccompanied_child", "Unaccompanied child"), ("gbv_survivor", "Survivor of gender-based violence"), ("widow", "Widow"),
        ("chronic_illness", "Person with a chronic illness"));

    public static readonly CodeList Roles = new("role", ["roles"],
        ("community_leader", "Community leader"), ("religious_leader", "Religious leader"), ("traditional_leader", "Traditional leader"),
        ("notable", "Notable"), ("paralegal", "Paralegal"), ("women_association_member", "Member of a women's association"),
        ("youth_association_member", "Member of a youth association"), ("local_official", "Local official"));

    /// <summary>What a consent covers.</summary>
    public static readonly CodeList ConsentScopes = new("consentScope", ["scope"],
        ("registration", "Registration"), ("services", "Services"), ("data_sharing", "Data sharing"), ("follow_up_contact", "Follow-up contact"));

    /// <summary>The list filter "category": a vulnerability or a role.</summary>
    public static readonly CodeList ListCategories = CodeList.Union("category", ["category"], Vulnerabilities, Roles);

    public static bool IsGroup(string kind) => kind != Individual;
}
