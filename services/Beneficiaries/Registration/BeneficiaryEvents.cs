using JusticePlatform.Contracts.Beneficiaries;

namespace JusticePlatform.Beneficiaries.Registration;

/// <summary>The events of a record: categories only, never names, phones or birth dates (the birth year is a category).</summary>
public static class BeneficiaryEvents
{
    public static BeneficiaryRegistered Registered(Beneficiary b) =>
        new(b.Id, b.PartnerId, b.Kind, b.Sex, b.BirthYear, b.HasDisability, b.DisplacementStatus, b.CommunePcode, b.RegisteredAt, b.Version);

    public static BeneficiaryUpdated Updated(Beneficiary b) =>
        new(b.Id, b.PartnerId, b.Kind, b.Sex, b.BirthYear, b.HasDisability, b.DisplacementStatus, b.CommunePcode, b.UpdatedAt, b.Version);
}
