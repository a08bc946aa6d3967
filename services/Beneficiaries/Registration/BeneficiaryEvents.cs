using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Beneficiaries.Registration;

/// <summary>The events of a record: categories only, never names, phones or birth dates (the birth year is a category).</summary>
public static class BeneficiaryEvents
{
    public static BeneficiaryRegistered Registered(Beneficiary b) =>
        new(b.Id, b.PartnerId, b.Kind, b.Sex, b.BirthYear, b.HasDisability, b.DisplacementStatus, b.CommunePcode, b.RegisteredAt, b.Version, MemberCounts(b));

    public static BeneficiaryUpdated Updated(Beneficiary b) =>
        new(b.Id, b.PartnerId, b.Kind, b.Sex, b.BirthYear, b.HasDisability, b.DisplacementStatus, b.CommunePcode, b.UpdatedAt, b.Version, MemberCounts(b));

    /// <summary>A group's member counts as consumers count them: children are 0-17, adults 18+. Names no member: a group here holds counts only.</summary>
    private static List<GroupMemberCount>? MemberCounts(Beneficiary b) => b.Members is not { } m ? null :
        new[]
        {
            new GroupMemberCount("female", "0-17", m.FemaleChildren), new GroupMemberCount("male", "0-17", m.MaleChildren),
            new GroupMemberCount("female", "18+", m.FemaleAdults), new GroupMemberCount("male", "18+", m.MaleAdults),
        }.Where(c => c.Count > 0).ToList();
}
