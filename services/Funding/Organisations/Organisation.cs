using System.ComponentModel.DataAnnotations;
using JusticePlatform.BuildingBlocks.Http;
using JusticePlatform.BuildingBlocks.Iati;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.Extensions.Hosting;

namespace JusticePlatform.Funding.Organisations;

/// <summary>
/// A donor or implementing organisation in a partner's directory, with its IATI organisation
/// identifier where it has one (USAID US-GOV-1, UN Women XM-DAC-41146, UNHCR XM-DAC-41121).
/// </summary>
public sealed class Organisation : IPartnerOwned
{
    /// <summary>Organisation types, after the IATI OrganisationType codelist.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>
    {
        ["government"] = "10",
        ["ngo-international"] = "21",
        ["ngo-national"] = "22",
        ["ngo-regional"] = "23",
        ["public-private-partnership"] = "30",
        ["multilateral"] = "40",
        ["foundation"] = "60",
        ["private-sector"] = "70",
        ["academic"] = "80",
        ["other"] = "90",
    };

    /// <summary>Roles an organisation plays.</summary>
    public static readonly CodeList Roles = new("organisationRole", ["role"], ("donor", "Donor"), ("implementing", "Implementing organisation"), ("both", "Donor and implementing organisation"));

    /// <summary>The organisation types a partner chooses from (IATI's codes are <see cref="Types"/>).</summary>
    public static readonly CodeList TypeCodes = new("organisationType", ["OrganisationRequest.type", "OrganisationResponse.type"],
        ("government", "Government"), ("ngo-international", "International NGO"), ("ngo-national", "National NGO"),
        ("ngo-regional", "Regional NGO"), ("public-private-partnership", "Public-private partnership"), ("multilateral", "Multilateral"),
        ("foundation", "Foundation"), ("private-sector", "Private sector"), ("academic", "Academic, training and research"), ("other", "Other"));

    private Organisation()
    {
    }

    public Guid Id { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? IatiIdentifier { get; private set; }
    public string Type { get; private set; } = "";
    public string Role { get; private set; } = "";
    public int Version { get; private set; }

    public string IatiTypeCode => Types.GetValueOrDefault(Type, "90");

    public static Organisation Create(OrganisationRequest request, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = request.Name!.Trim(),
        IatiIdentifier = string.IsNullOrWhiteSpace(request.IatiIdentifier) ? null : request.IatiIdentifier.Trim(),
        Type = request.Type!,
        Role = request.Role!,
        Version = 1,
    };

    public void Update(OrganisationRequest request)
    {
        Name = request.Name!.Trim();
        IatiIdentifier = string.IsNullOrWhiteSpace(request.IatiIdentifier) ? null : request.IatiIdentifier.Trim();
        Type = request.Type!;
        Role = request.Role!;
        Version++;
    }
}
