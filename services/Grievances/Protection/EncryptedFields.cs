using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Grievances.BeneficiaryLinks;
using JusticePlatform.Grievances.Cases;
using JusticePlatform.Grievances.Data;
using JusticePlatform.Grievances.Incidents;
using JusticePlatform.Grievances.Referrals;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.Grievances.Protection;

/// <summary>
/// Every column of Grievances that holds survivor data encrypted by <see cref="SurvivorDataProtector"/>,
/// in one list: the re-encryption after a rotation walks it, and a key is retired only once no
/// column of it still holds a value under that key. A new encrypted column is added here, nowhere else.
/// </summary>
public static class EncryptedFields
{
    public static readonly IReadOnlyList<EncryptedField> All =
    [
        new EncryptedField<GrievanceCase>(CaseSurvivorData.IdentityField, nameof(GrievanceCase.IdentityCipher)),
        new EncryptedField<GrievanceCase>(CaseSurvivorData.ContactField, nameof(GrievanceCase.ContactCipher)),
        new EncryptedField<GrievanceCase>(BeneficiaryVisibility.BeneficiaryField, nameof(GrievanceCase.BeneficiaryCipher)),
        new EncryptedField<Incident>(IncidentDetails.NarrativeField, nameof(Incident.NarrativeCipher)),
        new EncryptedField<Referral>(ReferralsApi.OverrideNoteField, nameof(Referral.OverrideNoteCipher)),
    ];

    /// <summary>Values, in every encrypted column, not encrypted under the active key.</summary>
    public static async Task<int> CountNotUnderActiveKeyAsync(GrievancesDbContext db, SurvivorDataProtector protector, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var field in All)
        {
            count += await field.CountAsync(db, SurvivorDataProtector.PrefixOf(protector.ActiveKeyId), under: false, cancellationToken);
        }

        return count;
    }

    /// <summary>Values, in every encrypted column, still encrypted under <paramref name="keyId"/>.</summary>
    public static async Task<int> CountUnderKeyAsync(GrievancesDbContext db, string keyId, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var field in All)
        {
            count += await field.CountAsync(db, SurvivorDataProtector.PrefixOf(keyId), under: true, cancellationToken);
        }

        return count;
    }
}

/// <summary>One encrypted column (of an entity whose key is a Guid <c>Id</c>): the field name its values are bound to (see <see cref="SurvivorDataProtector"/>) and the property that holds them.</summary>
public abstract class EncryptedField(string field, string property)
{
    /// <summary>The field name each value is bound to, as the endpoints encrypt it.</summary>
    public string Field { get; } = field;

    public string Property { get; } = property;

    public abstract Type EntityType { get; }

    /// <summary>Non-null values that start (or, with <paramref name="under"/> false, do not start) with a key's prefix, in every partner's rows.</summary>
    public abstract Task<int> CountAsync(GrievancesDbContext db, string keyPrefix, bool under, CancellationToken cancellationToken);

    /// <summary>
    /// Re-encrypts up to <paramref name="batchSize"/> values not under the active key; returns how
    /// many it took. Each row is updated only if its value is still the one read, so a value a case
    /// worker changed meanwhile (then under the active key already) is left as it is.
    /// </summary>
    public abstract Task<int> ReencryptBatchAsync(GrievancesDbContext db, SurvivorDataProtector protector, int batchSize, CancellationToken cancellationToken);
}

public sealed class EncryptedField<TEntity>(string field, string property) : EncryptedField(field, property) where TEntity : class
{
    private const string IdProperty = "Id";

    public override Type EntityType => typeof(TEntity);

    public override Task<int> CountAsync(GrievancesDbContext db, string keyPrefix, bool under, CancellationToken cancellationToken)
    {
        var values = EveryRow(db).Where(e => EF.Property<string?>(e, Property) != null);
        return (under
                ? values.Where(e => EF.Property<string>(e, Property).StartsWith(keyPrefix))
                : values.Where(e => !EF.Property<string>(e, Property).StartsWith(keyPrefix)))
            .CountAsync(cancellationToken);
    }

    public override async Task<int> ReencryptBatchAsync(GrievancesDbContext db, SurvivorDataProtector protector, int batchSize, CancellationToken cancellationToken)
    {
        var prefix = protector.ActiveKeyPrefix;
        var values = await EveryRow(db)
            .Where(e => EF.Property<string?>(e, Property) != null && !EF.Property<string>(e, Property).StartsWith(prefix))
            .OrderBy(e => EF.Property<Guid>(e, IdProperty))
            .Select(e => new StoredValue(EF.Property<Guid>(e, IdProperty), EF.Property<string>(e, Property)))
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        foreach (var value in values)
        {
            var reencrypted = protector.Reencrypt(value.Cipher, value.Id, Field);
            await EveryRow(db)
                .Where(e => EF.Property<Guid>(e, IdProperty) == value.Id && EF.Property<string>(e, Property) == value.Cipher)
                .ExecuteUpdateAsync(set => set.SetProperty(e => EF.Property<string?>(e, Property), reencrypted), cancellationToken);
        }

        return values.Count;
    }

    // The platform's own work over the whole table: every partner's rows (only the ownership filter is set aside).
    private static IQueryable<TEntity> EveryRow(GrievancesDbContext db) => db.Set<TEntity>().IgnoreQueryFilters([ServiceDbContext.OwnershipFilter]);

    private sealed record StoredValue(Guid Id, string Cipher);
}
