using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Registration;

namespace JusticePlatform.Beneficiaries;

/// <summary>The examples of this service's OpenAPI document: the README's first registration, and an upload of two rows.</summary>
internal static class BeneficiaryExamples
{
    public static readonly BeneficiaryRequest Registration = new(
        Kind: "individual", GivenName: "Awa", FamilyName: "Traoré", GroupName: null, Sex: "female",
        BirthDate: new DateOnly(1990, 2, 1), EstimatedAge: null, EstimatedAgeAt: null, Disability: null,
        DisplacementStatus: "idp", CommunePcode: "ML060201", Vulnerabilities: ["woman"], Roles: null, Phone: "+223 70000001",
        Consent: new ConsentRequest(true, new DateOnly(2026, 11, 1), ["registration", "services"]), Members: null);

    public const string UploadCsv =
        "givenName,familyName,sex,birthDate,displacementStatus,communePcode,vulnerabilities,consentGiven,consentDate\n" +
        "Fanta,Cissé,female,1985-05-05,idp,ML060201,woman,true,2026-10-01\n" +
        "Moussa,Diarra,male,1979-09-09,returnee,ML060202,,true,2026-10-01\n";

    public const string UploadJson =
        """[{"givenName":"Fanta","familyName":"Cissé","sex":"female","birthDate":"1985-05-05","displacementStatus":"idp","communePcode":"ML060201","consent":{"given":true,"date":"2026-10-01"}}]""";

    public static OpenApiExamples AddBeneficiaryExamples(this OpenApiExamples examples) => examples
        .Add(Registration)
        .Add(new MergeRequest(Guid.Parse("0193a5c9-2f30-7b41-9c5d-6e7f8091a2b3")))
        .Add(new DataSharingAgreementRequest(["amss", "stop-sahel"]))
        .AddValue("givenName", "Awa")
        .AddValue("familyName", "Traoré")
        .AddValue("groupName", "Groupement des femmes de Goundam")
        .AddValue("phone", "+223 70000001")
        .AddValue("code", "BEN-7K3M9QX2")
        .AddValue("gazetteerVersion", "ml-cod-ab-2024")
        .AddFile("UploadBeneficiaryImport", "text/csv", UploadCsv)
        .AddFile("UploadBeneficiaryImport", "application/json", UploadJson);
}
