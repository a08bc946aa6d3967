using System.Diagnostics;
using System.Reflection;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Idempotency;
using JusticePlatform.BuildingBlocks.Imports;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Partners;
using JusticePlatform.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
    /// <summary>The name of the ownership query filter, so a service's own filters (soft delete, status) sit beside it.</summary>
    public const string OwnershipFilter = "ownership";

    private static readonly MethodInfo ApplyPartnerFilterMethod =
        typeof(ServiceDbContext).GetMethod(nameof(ApplyPartnerFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private ICurrentPartner? _partner;

    protected ServiceDbContext(DbContextOptions options) : base(options)
    {
        // A pooled context outlives the scopes that lease it: it gets each one's caller when leased
        // (BeginLease), never from the root container. Without a lease it has no caller and sees nothing.
        var core = options.FindExtension<CoreOptionsExtension>();
        _partner = core?.MaxPoolSize is null ? core?.ApplicationServiceProvider?.GetService<ICurrentPartner>() : null;
        Clock = core?.ApplicationServiceProvider?.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <summary>The service's clock (a singleton, so a pooled context may keep it).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Set while a scope's <see cref="ContextLease"/> holds the context: only the lease gives it back.</summary>
    private volatile bool _leased;

    /// <summary>Gives a pooled context the caller of the scope whose <see cref="ContextLease"/> leases it.</summary>
    internal void BeginLease(ICurrentPartner? partner)
    {
        _leased = true;
        _partner = partner;
        PendingAudit = null;
        PendingIdempotency = null;
    }

    /// <summary>The context forgets its caller, so a context leased without one sees no owned row.</summary>
    private void EndLease()
    {
        _leased = false;
        _partner = null;
        PendingAudit = null;
        PendingIdempotency = null;
    }

    /// <summary>Back to the pool, once, by the scope's lease.</summary>
    internal ValueTask ReturnAsync()
    {
        EndLease();
        return base.DisposeAsync();
    }

    /// <inheritdoc cref="ReturnAsync"/>
    internal void Return()
    {
        EndLease();
        base.Dispose();
    }

    /// <summary>
    /// A leased context is given back by its lease alone (the container disposes it once per service
    /// type it was resolved as); any other context is disposed here, forgetting its caller first.
    /// </summary>
    public override void Dispose()
    {
        if (_leased)
        {
            return;
        }

        EndLease();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        if (_leased)
        {
            return default;
        }

        EndLease();
        return base.DisposeAsync();
    }

    /// <summary>The caller's partner; null outside a partner's request unless the work declared one.</summary>
    public string? CurrentPartnerId => _partner?.PartnerId;

    /// <summary>True only for work declared as the platform's own (see <see cref="SystemWork"/>); it sees every partner's rows.</summary>
    public bool IsSystemWork => _partner?.IsSystem ?? false;

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();
    public DbSet<RecordShare> RecordShares => Set<RecordShare>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Bulk uploads, in a service that takes them (<see cref="UsesImports"/>).</summary>
    public DbSet<ImportJob> Imports => Set<ImportJob>();

    /// <summary>The partners Identity announced, in a service that refers, shares or gives to other partners (<see cref="UsesKnownPartners"/>).</summary>
    public DbSet<KnownPartner> KnownPartners => Set<KnownPartner>();

    /// <summary>The audit entry of the current request, completed by the audit filter.</summary>
    internal AuditEntry? PendingAudit { get; set; }

    /// <summary>The Idempotency-Key record of the current request, when it carries one (see <see cref="IdempotentAnswers"/>).</summary>
    internal IdempotencyRecord? PendingIdempotency { get; set; }

    /// <summary>
    /// Whether this service lets a partner share a record with another (<see cref="RecordShare"/>).
    /// Off by default: a service that never shares carries no sharing table and no shared reads.
    /// </summary>
    protected virtual bool UsesRecordSharing => false;

    /// <summary>Whether this service takes bulk uploads (see <see cref="ImportExtensions.AddImports"/>). Off by default: no table, no worker.</summary>
    protected virtual bool UsesImports => false;

    /// <summary>
    /// Whether this service keeps the projection of partners (<see cref="KnownPartner"/>, fed by
    /// <see cref="Partners.KnownPartners.AddKnownPartners{TContext}"/>). Off by default: no table.
    /// </summary>
    protected virtual bool UsesKnownPartners => false;

    /// <summary>Declares this context's work as the platform's own (a consumer applying an event), for the scope it lives in.</summary>
    internal void DeclareSystemWork() =>
        (_partner as CurrentPartner ?? throw new InvalidOperationException("No caller context is registered (AddPartnerAuthorization).")).ActAsSystem();

    /// <summary>Queues an integration event in this unit of work; it is published after SaveChanges commits.</summary>
    public void AddIntegrationEvent<TEvent>(TEvent integrationEvent) where TEvent : class, IIntegrationEvent =>
        OutboxMessages.Add(OutboxMessage.Create(integrationEvent, integrationEvent.OccurredAt, Activity.Current));

    /// <summary>
    /// Writes many integration events at once (see <see cref="SetInserts"/>), stored as
    /// <see cref="AddIntegrationEvent{TEvent}"/> stores them, inside the current transaction: for
    /// bulk writes. They are published after that transaction commits.
    /// </summary>
    public Task InsertIntegrationEventsAsync<TEvent>(IEnumerable<TEvent> integrationEvents, CancellationToken cancellationToken)
        where TEvent : class, IIntegrationEvent =>
        this.InsertSetAsync(integrationEvents.Select(e => OutboxMessage.Create(e, e.OccurredAt, Activity.Current)).ToList(), cancellationToken);

    /// <summary>Shares a record of the caller's partner with another partner, which may then read it (not change it).</summary>
    public void Share(IPartnerOwned record, string withPartnerId, DateTimeOffset now)
    {
        EnsureSharing();
        if (!IsSystemWork && record.PartnerId != CurrentPartnerId)
        {
            throw new OwnershipRefusedException("A partner may only share its own records.");
        }

        RecordShares.Add(new RecordShare(record.Id, withPartnerId, CurrentPartnerId ?? record.PartnerId, now));
    }

    /// <summary>
    /// The caller's own records and those other partners shared with it, for reading. The default
    /// query of a set shows own records only, so updates and bulk changes can never reach a
    /// shared record; a read that should show shared records says so by using this.
    /// </summary>
    public IQueryable<TEntity> IncludingShared<TEntity>() where TEntity : class, IPartnerOwned
    {
        EnsureSharing();
        var system = IsSystemWork;
        var partnerId = CurrentPartnerId;
        return Set<TEntity>().IgnoreQueryFilters([OwnershipFilter]).Where(record =>
            system
            || (partnerId != null
                && (record.PartnerId == partnerId
                    || RecordShares.Any(share => share.RecordId == record.Id && share.PartnerId == partnerId))));
    }

    /// <summary>The service's own model; ownership filters are added to it afterwards.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
        if (UsesRecordSharing)
        {
            modelBuilder.ApplyConfiguration(new RecordShareConfiguration());
        }
        else
        {
            modelBuilder.Ignore<RecordShare>();
        }

        if (UsesImports)
        {
            modelBuilder.ApplyConfiguration(new ImportJobConfiguration());
        }
        else
        {
            modelBuilder.Ignore<ImportJob>();
        }

        if (UsesKnownPartners)
        {
            modelBuilder.ApplyConfiguration(new KnownPartnerConfiguration());
        }
        else
        {
            modelBuilder.Ignore<KnownPartner>();
        }

        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRecordConfiguration());
        ConfigureModel(modelBuilder);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(IPartnerOwned).IsAssignableFrom(t.ClrType)).ToList())
        {
            ApplyPartnerFilterMethod.MakeGenericMethod(entityType.ClrType).Invoke(this, [modelBuilder]);
        }
    }

    // Fail closed: no declared partner and no declared system work means no rows, never all rows.
    private void ApplyPartnerFilter<TEntity>(ModelBuilder modelBuilder) where TEntity : class, IPartnerOwned =>
        modelBuilder.Entity<TEntity>().HasQueryFilter(OwnershipFilter, record =>
            IsSystemWork || (CurrentPartnerId != null && record.PartnerId == CurrentPartnerId));

    private void EnsureSharing()
    {
        if (!UsesRecordSharing)
        {
            throw new InvalidOperationException($"{GetType().Name} does not use record sharing.");
        }
    }

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

            if (IsSystemWork || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            // Fail closed: without a partner nothing owned is written; a partner writes only its own rows.
            var owner = entry.State == EntityState.Added
                ? entry.Entity.PartnerId
                : (string?)entry.Property(nameof(IPartnerOwned.PartnerId)).OriginalValue;
            if (CurrentPartnerId is null || owner != CurrentPartnerId || entry.Entity.PartnerId != CurrentPartnerId)
            {
                throw new OwnershipRefusedException("A partner may only change its own records.");
            }

            if (entry.State == EntityState.Added && PendingAudit is { ResourceId: null } audit)
            {
                audit.ResourceId = entry.Entity.Id.ToString();
            }
        }
    }
}
