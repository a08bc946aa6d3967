using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JusticePlatform.TestSupport;

namespace JusticePlatform.IntegrationTests.Beneficiaries;

/// <summary>Bulk uploads as a field office exports them from KoboToolbox.</summary>
internal static class Uploads
{
    public const string Header = "givenName,familyName,sex,birthDate,displacementStatus,communePcode,phone,vulnerabilities,consentGiven,consentDate";

    /// <summary>
    /// <paramref name="rows"/> distinct people; the rows numbered in <paramref name="bad"/> (1 = first data row)
    /// each have one wrong field: a P-code outside the gazetteer, a birth date in the future, or an unknown sex.
    /// </summary>
    public static string Csv(int rows, params int[] bad)
    {
        string[] communes = ["ML060201", "ML060202", "ML060203", "ML060501", "ML060502", "ML060503"];
        var csv = new StringBuilder(rows * 110).AppendLine(Header);
        for (var row = 1; row <= rows; row++)
        {
            var commune = communes[row % communes.Length];
            var birthDate = $"{1950 + row % 60}-{1 + row % 12:00}-{1 + row % 28:00}";
            var sex = row % 2 == 0 ? "female" : "male";
            switch (Array.IndexOf(bad, row) % 3)
            {
                case 0: commune = "ML069999"; break;
                case 1: birthDate = "2999-01-01"; break;
                case 2: sex = "femme"; break;
            }

            csv.Append("Prénom").Append(row).Append(",Nom").Append(row).Append(',').Append(sex).Append(',').Append(birthDate)
                .Append(",idp,").Append(commune).Append(",+223 7").Append(row.ToString("0000000")).Append(",woman youth,true,2026-10-01\n");
        }

        return csv.ToString();
    }

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string csv, string? key, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/beneficiaries/imports" + query)
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> CompletedAsync(this HttpClient client, Uri location, TimeSpan timeout) =>
        await Eventually.ReturnsAsync(
            () => client.GetFromJsonAsync<JsonElement>(location),
            import => import.GetProperty("status").GetString() is "completed" or "failed",
            timeout,
            "the import to complete");
}
