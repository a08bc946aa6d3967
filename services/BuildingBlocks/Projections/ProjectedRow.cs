using JusticePlatform.BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Projections;

/// <summary>
/// A local copy of another service's aggregate, kept current from its events. Events about one
/// aggregate may arrive in any order and be applied concurrently; the row keeps the newest.
/// </summary>
public interface IProjectedRow
{
    /// <summary>The aggregate's version the row reflects, when the events carry one.</summary>
    long? SourceVersion { get; set; }

    /// <summary>When the change the row reflects happened in the source service.</summary>
    DateTimeOffset? ChangedAt { get; set; }
}

public static class ProjectedRows
{
    /// <summary>
    /// True when an event with this version and time is newer than what the row holds; the row
    /// then records them, and the caller applies the event's data. Versions decide where both
    /// sides have one (events of v1 contracts may not); otherwise the later change wins.
    /// </summary>
    public static bool TryAdvance(this IProjectedRow row, long? version, DateTimeOffset occurredAt)
    {
        var newer = version is not null && row.SourceVersion is not null
            ? version > row.SourceVersion
            : row.ChangedAt is null || occurredAt >= row.ChangedAt;
        if (!newer)
        {
            return false;
        }

        row.SourceVersion = version ?? row.SourceVersion;
        row.ChangedAt = occurredAt;
        return true;
    }

    /// <summary>The row of <paramref name="key"/>, tracked; when there is none yet, <paramref name="create"/>'s, added.</summary>
    public static async Task<TRow> FindOrAddAsync<TRow>(this DbSet<TRow> rows, object key, Func<TRow> create, CancellationToken cancellationToken)
        where TRow : class
    {
        // A key the inbox group's lookup covered is tracked if it exists at all: no query.
        var found = InboxLookups.IsCovered(rows.GetService<ICurrentDbContext>().Context, key)
            ? rows.Local.FindEntryUntyped([key])?.Entity
            : await rows.FindAsync([key], cancellationToken);
        if (found is { } row)
        {
            return row;
        }

        row = create();
        rows.Add(row);
        return row;
    }

    /// <summary>
    /// Makes the row's version a concurrency token: when two events about one aggregate are applied
    /// at once, the second commit fails and its message is retried against the row as it now is.
    /// </summary>
    public static EntityTypeBuilder<TRow> IsProjectedRow<TRow>(this EntityTypeBuilder<TRow> builder) where TRow : class, IProjectedRow
    {
        builder.Property(r => r.SourceVersion).IsConcurrencyToken();
        builder.Property(r => r.ChangedAt).IsConcurrencyToken();
        return builder;
    }
}
