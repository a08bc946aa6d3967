using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Protection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.Grievances.BeneficiaryLinks;

/// <summary>
/// A case's link to a beneficiary as it was stored before links were hashed and encrypted. The
/// migration SurvivorLinkAndErasure moved the plaintext ids here (the key a link needs is not in
/// the database, so SQL cannot convert them); <see cref="LegacyBeneficiaryLinkConverter"/> converts
/// them at start-up and deletes each row, so the table is empty once the service has started.
/// </summary>
public sealed class LegacyBeneficiaryLink
{
    public Guid CaseId { get; set; }
    public Guid BeneficiaryId { get; set; }
}

internal sealed class LegacyBeneficiaryLinkConfiguration : IEntityTypeConfiguration<LegacyBeneficiaryLink>
{
    public void Configure(EntityTypeBuilder<LegacyBeneficiaryLink> builder)
    {
        builder.ToTable("legacy_beneficiary_links");
        builder.HasKey(l => l.CaseId);
        builder.Property(l => l.CaseId).ValueGeneratedNever();
    }
}

/// <summary>
/// Converts the links the migration left in clear before the service takes traffic (it is
/// registered after the database migrator, and hosted services start in order).
/// </summary>
internal sealed class LegacyBeneficiaryLinkConverter(
    IServiceScopeFactory scopes, SurvivorDataProtector protector, BeneficiaryLinkHasher hasher, ILogger<LegacyBeneficiaryLinkConverter> logger)
    : IHostedService
{
    private const int Batch = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var converted = 0;
        while (true)
        {
            await using var scope = scopes.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<GrievancesDbContext>();
            var links = await db.LegacyBeneficiaryLinks.OrderBy(l => l.CaseId).Take(Batch).ToListAsync(cancellationToken);
            if (links.Count == 0)
            {
                break;
            }

            var caseIds = links.Select(l => l.CaseId).ToList();
            var cases = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var link in links)
            {
                if (cases.TryGetValue(link.CaseId, out var grievanceCase) && grievanceCase.BeneficiaryHash is null && grievanceCase.ErasedAt is null)
                {
                    protector.LinkBeneficiary(hasher, grievanceCase, link.BeneficiaryId);
                }
            }

            db.LegacyBeneficiaryLinks.RemoveRange(links);
            await db.SaveChangesAsync(cancellationToken);
            converted += links.Count;
        }

        if (converted > 0)
        {
            logger.LogInformation("Converted {Count} case links to beneficiaries from plaintext ids to keyed hashes and ciphers", converted);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
