using System.Net.Http.Json;

namespace JusticePlatform.TestSupport;

/// <summary>Request bodies as partners' field offices send them, valid unless a test changes a field.</summary>
public static class Samples
{
    public static object Person(string givenName = "Aminata", string familyName = "Maïga", string sex = "female", string birthDate = "1994-03-12",
        string commune = "ML060201", string displacement = "idp", string? phone = null, object? disability = null) => new
    {
        givenName,
        familyName,
        sex,
        birthDate,
        displacementStatus = displacement,
        communePcode = commune,
        phone,
        disability,
        vulnerabilities = new[] { "woman" },
        consent = new { given = true, date = "2026-11-01", scope = new[] { "registration", "services" } },
    };

    /// <summary>Registers <paramref name="body"/> and returns the new beneficiary's id; any failure fails the test.</summary>
    public static async Task<Guid> CreateBeneficiaryAsync(this HttpClient beneficiaries, object body)
    {
        var response = await beneficiaries.PostAsJsonAsync("/api/v1/beneficiaries", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    private sealed record Created(Guid Id);
}
