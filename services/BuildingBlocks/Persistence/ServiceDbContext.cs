using System.Diagnostics;
using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Base of every service's DbContext: it carries the outbox and the inbox, so that a domain
/// change, the events it raises and the messages it consumed commit in one transaction.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Queues an integration event in this unit of work; it is published after SaveChanges commits.</summary>
    public void AddIntegrationEvent<TEvent>(TEvent integrationEvent) where TEvent : class, IIntegrationEvent =>
        OutboxMessages.Add(OutboxMessage.Create(integrationEvent, Activity.Current));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new InboxMessageConfiguration());
    }
}
