using System.Diagnostics;
using System.Reflection;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Base of every service's DbContext. It carries what every service shares:
/// the outbox and the inbox (a domain change, the events it raises and the messages it consumed
/// commit in one transaction), partner ownership (every <see cref="IPartnerOwned"/> record is
/// stamped with the caller's partner and every query is filtered by it), the audit trail and
/// idempotency records.
/// </summary>
public abstract class ServiceDbContext : DbContext
{
    private static readonly MethodInfo ApplyPartnerFilterMethod =
        typeof(ServiceDbContext).GetMethod(nameof(ApplyPartnerFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly ICurrentPartner? _partner;

    protected ServiceDbContext(DbContextOptions options) : base(options)
    {
        _partner = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<ICurrentPartner>();
    }

    /// <summary>The caller's partner, or null in consumers and background work (which see every record).</summary>
    public string? CurrentPartnerId => _partner?.PartnerId;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<RecordShare> RecordShares => Set<RecordShare>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>The audit entry of the current request, completed by the audit filter.</summary>
    internal AuditEntry? PendingAudit { get; set; }

    /// <summary>Queues an integration event in this unit of work; it is published after SaveChanges commits.</summary>
    public void AddIntegrationEvent<TEvent>(TEvent integrationEvent) where TEvent : class, IIntegrationEvent =>
        OutboxMessages.Add(OutboxMessage.Create(integrationEvent, Activity.Current));

    /// <summary>Shares a record of the caller's partner with another partner, which may then read it (not change it).</summary>
    public void Share(IPartnerOwned record, string withPartnerId)
    {
        if (CurrentPartnerId is not null && record.PartnerId != CurrentPartnerId)
        {
            throw new UnauthorizedAccessException("A partner may only share its own records.");
        }

        RecordShares.Add(new RecordShare(record.Id, withPartnerId, CurrentPartnerId ?? record.PartnerId, DateTimeOffset.UtcNow));
    }

    /// <summary>The service's own model; ownership filters are added to it afterwards.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new RecordShareConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
        ConfigureModel(modelBuilder);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IPartnerOwned).IsAssignableFrom(t.ClrType)).ToList())
        {
            ApplyPartnerFilterMethod.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
        }
    }

    private void ApplyPartnerFilter<TEntity>(ModelBuilder modelBuilder) where TEntity : class, IPartnerOwned =>
        modelBuilder.Entity<TEntity>().HasQueryFilter(record =>
            CurrentPartnerId == null
            || record.PartnerId == CurrentPartnerId
            || RecordShares.Any(share => share.RecordId == record.Id && share.PartnerId == CurrentPartnerId));

    /// <summary>
    /// Saves only the pending changes <paramref name="keep"/> selects; the others are dropped.
    /// For the shared blocks that record a request's outcome (audit, idempotency) after a handler
    /// that wrote nothing: whatever the handler left unsaved was not meant to be written.
    /// </summary>
    internal Task<int> SaveOnlyAsync(Func<object, bool> keep)
    {
        foreach (var pending in ChangeTracker.Entries()
                     .Where(e => (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) && !keep(e.Entity))
                     .ToList())
        {
            pending.State = EntityState.Detached;
        }

        return SaveChangesAsync(CancellationToken.None);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampOwnership();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampOwnership();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void StampOwnership()
    {
        foreach (var entry in ChangeTracker.Entries<IPartnerOwned>())
        {
            if (entry.State == EntityState.Added && string.IsNullOrEmpty(entry.Entity.PartnerId) && CurrentPartnerId is not null)
            {
                entry.Property(nameof(IPartnerOwned.PartnerId)).CurrentValue = CurrentPartnerId;
            }

            if (entry.State is EntityState.Modified or EntityState.Deleted
                && CurrentPartnerId is not null
                && (string)entry.Property(nameof(IPartnerOwned.PartnerId)).OriginalValue! != CurrentPartnerId)
            {
                throw new UnauthorizedAccessException("A partner may only change its own records.");
            }

            if (entry.State == EntityState.Added && PendingAudit is { ResourceId: null } audit)
            {
                audit.ResourceId = entry.Entity.Id.ToString();
            }
        }
    }
}
