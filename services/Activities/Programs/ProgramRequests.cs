using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Iati;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Activities.Programs;

public sealed record MemberRequest([property: MaxLength(100)] string? PartnerId, string? Role);

public sealed record ProgramRequest(
    [property: MaxLength(50)] string? Code,
    [property: MaxLength(300)] string? TitleFr,
    [property: MaxLength(300)] string? TitleEn,
    [property: MaxLength(ProgramRequest.MaxMembers)] IReadOnlyList<MemberRequest>? Members,
    [property: MaxLength(ProgramRequest.MaxCodes), ItemMaxLength(OrganisationIdentifiers.MaxLength)] IReadOnlyList<string>? FunderIds,
    [property: MaxLength(ProgramRequest.MaxCodes), ItemMaxLength(5)] IReadOnlyList<string>? SectorCodes,
    [property: MaxLength(ProgramRequest.MaxPlaces), ItemMaxLength(8)] IReadOnlyList<string>? CommunePcodes,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Status,
    [property: MaxLength(4000)] string? DescriptionFr = null,
    [property: MaxLength(4000)] string? DescriptionEn = null,
    [property: MaxLength(100)] string? ReportingOrgRef = null,
    [property: MaxLength(200)] string? IatiIdentifier = null)
{
    public const int MaxMembers = 100;

    public const int MaxCodes = 50;

    /// <summary>Every commune of Mali (about 700), and its regions and cercles.</summary>
    public const int MaxPlaces = 1000;

    public ValidationErrors Validate(string leadPartnerId, DateOnly today)
    {
        var errors = new ValidationErrors().Limits(this)
            .Required("code", Code)
            .Required("titleFr", TitleFr)
            .OneOf("status", Status, ProgramStatus.All, required: false);
        for (var i = 0; Members is not null && i < Members.Count; i++)
        {
            var member = Members[i];
            if (member.PartnerId is null || !Codes.PartnerId().IsMatch(member.PartnerId))
            {
                errors.Add($"members[{i}].partnerId", "is required: a partner id (lower-case letters, digits and dashes).");
            }
            else if (Members.Take(i).Any(m => m.PartnerId == member.PartnerId))
            {
                errors.Add($"members[{i}].partnerId", "appears twice.");
            }

            errors.OneOf($"members[{i}].role", member.Role, MemberRoles.All);
            if ((member.Role == MemberRoles.Lead) != (member.PartnerId == leadPartnerId) && member.PartnerId is not null && member.Role is not null)
            {
                errors.Add($"members[{i}].role", "the partner that creates the program is its lead, and only it has the role lead.");
            }
        }

        Each(errors, "funderIds", FunderIds, Codes.IatiOrganisation(), "an IATI organisation identifier, such as XM-DAC-41146 or US-GOV-1.");
        Each(errors, "sectorCodes", SectorCodes, Codes.DacSector(), "a five-digit DAC sector code, such as 15130.");
        Each(errors, "communePcodes", CommunePcodes, Codes.Pcode(), "an OCHA COD-AB P-code of Mali at any level (ML06, ML0602, ML060201).");
        if (ReportingOrgRef is not null && !Codes.IatiOrganisation().IsMatch(ReportingOrgRef))
        {
            errors.Add("reportingOrgRef", "must be an IATI organisation identifier, such as XM-DAC-41146 or XI-IATI-EC_INTPA.");
        }

        if (IatiIdentifier is not null && (ReportingOrgRef is null || !IatiIdentifier.StartsWith(ReportingOrgRef + "-", StringComparison.Ordinal)
            || IatiIdentifier.Any(c => char.IsWhiteSpace(c) || c is '/' or '&' or '|' or '?')))
        {
            errors.Add("iatiIdentifier", "must begin with reportingOrgRef and a dash, without spaces or the characters / & | ?.");
        }

        if (StartDate is null) errors.Add("startDate", "is required.");
        if (EndDate is null) errors.Add("endDate", "is required.");
        else if (StartDate is { } start && EndDate < start) errors.Add("endDate", "must not be before startDate.");
        return errors.Planned("startDate", StartDate, today).Planned("endDate", EndDate, today);
    }

    private static void Each(ValidationErrors errors, string field, IReadOnlyList<string>? values, Regex pattern, string expected)
    {
        for (var i = 0; values is not null && i < values.Count; i++)
        {
            if (values[i] is null || !pattern.IsMatch(values[i]))
            {
                errors.Add($"{field}[{i}]", $"must be {expected}");
            }
        }
    }

    /// <summary>The consortium: the lead first (accepted), then the other members as given (invited).</summary>
    public List<ProgramMember> ToMembers(Guid programId, string leadPartnerId) =>
        new[] { new ProgramMember { ProgramId = programId, PartnerId = leadPartnerId, Role = MemberRoles.Lead, Status = MemberStatus.Accepted } }
            .Concat((Members ?? []).Where(m => m.PartnerId != leadPartnerId)
                .Select(m => new ProgramMember { ProgramId = programId, PartnerId = m.PartnerId!, Role = m.Role!, Status = MemberStatus.Invited }))
            .ToList();

    /// <summary>The field naming a member partner, as the request gave it ("members[1].partnerId").</summary>
    public string MemberField(string partnerId) =>
        $"members[{(Members ?? []).Select((m, i) => (m, i)).First(pair => pair.m.PartnerId == partnerId).i}].partnerId";
}

/// <summary>The shapes of codes the platform accepts.</summary>
public static partial class Codes
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    public static partial Regex PartnerId();

    public static Regex IatiOrganisation() => OrganisationIdentifiers.Pattern();

    [GeneratedRegex("^[0-9]{5}$")]
    public static partial Regex DacSector();

    [GeneratedRegex("^ML([0-9]{2}){1,3}$")]
    public static partial Regex Pcode();

    [GeneratedRegex("^ML[0-9]{6}$")]
    public static partial Regex CommunePcode();
}
