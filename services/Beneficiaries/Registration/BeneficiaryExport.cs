using System.Globalization;
using System.Text;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Beneficiaries.Registration;

/// <summary>
/// GET /api/v1/beneficiaries/export: the partner's own active records as CSV, with the columns the
/// bulk upload reads (so a corrected file can go back as an update by id). Never records shared
/// with the partner or another partner's. Streamed a page at a time; every cell is made safe for
/// spreadsheets; audited as an export of personal data; never stored by a cache.
/// </summary>
public static class BeneficiaryExport
{
    public const int PageSize = 1000;

    private static readonly string[] Columns =
    [
        "id", "code", "kind", "givenName", "familyName", "groupName", "sex", "birthDate", "estimatedAge", "estimatedAgeAt",
        "disabilitySeeing", "disabilityHearing", "disabilityWalking", "disabilityCognition", "disabilitySelfCare", "disabilityCommunication",
        "displacementStatus", "communePcode", "vulnerabilities", "roles", "phone", "consentGiven", "consentDate", "consentScope",
        "membersFemaleChildren", "membersMaleChildren", "membersFemaleAdults", "membersMaleAdults", "registeredAt",
    ];

    public static PushStreamHttpResult ExportAsync(BeneficiariesDbContext db, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
            await writer.WriteAsync(Csv.Line(Columns));
            Guid? after = null;
            while (true)
            {
                // The ownership filter keeps this to the caller's own rows; IncludingShared is not used on purpose.
                var records = db.Beneficiaries.AsNoTracking().Where(b => b.Status == BeneficiaryStatus.Active);
                if (after is { } last) records = records.Where(b => b.Id > last);
                var page = await records.OrderBy(b => b.Id).Take(PageSize).ToListAsync(http.RequestAborted);
                foreach (var b in page)
                {
                    await writer.WriteAsync(Csv.Line(Cells(b)));
                }

                if (page.Count < PageSize) break;
                after = page[^1].Id;
            }
        }, "text/csv; charset=utf-8", "beneficiaries.csv");
    }

    private static IEnumerable<string?> Cells(Beneficiary b) =>
    [
        b.Id.ToString(), b.Code, b.Kind, b.GivenName, b.FamilyName, b.GroupName, b.Sex, Date(b.BirthDate), Number(b.EstimatedAge), Date(b.EstimatedAgeAt),
        Number(b.DisabilitySeeing), Number(b.DisabilityHearing), Number(b.DisabilityWalking), Number(b.DisabilityCognition),
        Number(b.DisabilitySelfCare), Number(b.DisabilityCommunication),
        b.DisplacementStatus, b.CommunePcode, string.Join(' ', b.Vulnerabilities), string.Join(' ', b.Roles), b.Phone,
        b.ConsentGiven ? "true" : "false", Date(b.ConsentDate), string.Join(' ', b.ConsentScope),
        Number(b.Members?.FemaleChildren), Number(b.Members?.MaleChildren), Number(b.Members?.FemaleAdults), Number(b.Members?.MaleAdults),
        b.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
    ];

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
