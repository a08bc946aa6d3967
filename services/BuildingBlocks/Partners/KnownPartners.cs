using JusticePlatform.BuildingBlocks.Messaging;
using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.BuildingBlocks.Projections;
using JusticePlatform.Contracts.Identity;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Partners;

/// <summary>
/// A partner organisation as Identity announced it (<see cref="PartnerRegistered"/>,
/// <see cref="PartnerDisabled"/>, <see cref="PartnerEnabled"/>): the one list a service checks
/// before it refers, shares or gives anything to another partner. Not owned by any partner:
/// organisations only, no person's data.
/// </summary>
public sealed class KnownPartner : IProjectedRow
{
    private KnownPartner()
    {
    }

    public string Id { get; private set; } = "";

    /// <summary>Null while only a disabling or an enabling was heard of.</summary>
    public string? Name { get; private set; }

    public bool Enabled { get; private set; }

    public long? SourceVersion { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }

    internal static KnownPartner Heard(string id) => new() { Id = id };

    internal void Apply(string? name, bool enabled)
    {
        Name = name ?? Name;
        Enabled = enabled;
    }
}

internal sealed class KnownPartnerConfiguration : IEntityTypeConfiguration<KnownPartner>
{
    public void Configure(EntityTypeBuilder<KnownPartner> builder)
    {
        builder.ToTable("known_partners");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(100);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.IsProjectedRow();
    }
}

public static class KnownPartners
{
    /// <summary>The start of the inbox names of the projection's consumers, the same in every service.</summary>
    public const string InboxNamePrefix = "known-partners-";

    /// <summary>
    /// True only for a partner Identity registered and has not disabled. An unknown id (never
    /// registered, or not heard of yet) is refused like a disabled one: fail closed.
    /// </summary>
    public static async Task<bool> IsEnabledAsync(this DbSet<KnownPartner> partners, string? partnerId, CancellationToken cancellationToken) =>
        partnerId is not null && await partners.AsNoTracking().AnyAsync(p => p.Id == partnerId && p.Enabled, cancellationToken);

    /// <summary>The ids among <paramref name="partnerIds"/> that are not registered, enabled partners.</summary>
    public static async Task<List<string>> NotEnabledAsync(this DbSet<KnownPartner> partners, IReadOnlyCollection<string> partnerIds, CancellationToken cancellationToken)
    {
        var enabled = await partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id) && p.Enabled).Select(p => p.Id).ToListAsync(cancellationToken);
        return partnerIds.Except(enabled).ToList();
    }

    /// <summary>422 naming the field that references a partner that is not registered, or is disabled (which one is not told).</summary>
    public static ProblemHttpResult NotEnabledProblem(params string[] fields) =>
        TypedResults.Problem(new HttpValidationProblemDetails(fields.ToDictionary(
            field => field, _ => new[] { "is not a registered, enabled partner of the platform." }))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Unknown or disabled partner",
            Detail = "Only a partner registered with the platform's identity service, and not disabled, can be named here.",
        });

    /// <summary>
    /// The consumers that keep <c>known_partners</c> current from Identity's events, on one queue
    /// of this service ("grievances-known-partners"). The service's context must say
    /// <c>UsesKnownPartners</c>.
    /// </summary>
    public static void AddKnownPartners<TContext>(this IBusRegistrationConfigurator bus, string serviceName) where TContext : ServiceDbContext
    {
        var queue = $"{serviceName}-known-partners";
        bus.AddConsumer<PartnerRegisteredConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<PartnerDisabledConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<PartnerEnabledConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
    }

    /// <summary>Applies a change of one partner when it is newer than what the row holds; a change heard before the registration makes the row.</summary>
    internal static async Task ApplyAsync(ServiceDbContext db, string partnerId, string? name, bool enabled, long version, DateTimeOffset occurredAt,
        CancellationToken cancellationToken)
    {
        var row = await db.KnownPartners.FindAsync([partnerId], cancellationToken);
        if (row is null)
        {
            row = KnownPartner.Heard(partnerId);
            db.KnownPartners.Add(row);
        }

        if (row.TryAdvance(version, occurredAt))
        {
            row.Apply(name, enabled);
        }
    }
}

[InboxName(KnownPartners.InboxNamePrefix + "registered")]
public sealed class PartnerRegisteredConsumer<TContext>(TContext db, Inbox<TContext> inbox) : IdempotentConsumer<PartnerRegistered, TContext>(db, inbox)
    where TContext : ServiceDbContext
{
    protected override bool ReadsByKeyOnly => true;

    protected override Task HandleAsync(PartnerRegistered message, CancellationToken cancellationToken) =>
        KnownPartners.ApplyAsync(Db, message.PartnerId, message.Name, enabled: true, message.Version, message.OccurredAt, cancellationToken);
}

[InboxName(KnownPartners.InboxNamePrefix + "disabled")]
public sealed class PartnerDisabledConsumer<TContext>(TContext db, Inbox<TContext> inbox) : IdempotentConsumer<PartnerDisabled, TContext>(db, inbox)
    where TContext : ServiceDbContext
{
    protected override bool ReadsByKeyOnly => true;

    protected override Task HandleAsync(PartnerDisabled message, CancellationToken cancellationToken) =>
        KnownPartners.ApplyAsync(Db, message.PartnerId, null, enabled: false, message.Version, message.OccurredAt, cancellationToken);
}

[InboxName(KnownPartners.InboxNamePrefix + "enabled")]
public sealed class PartnerEnabledConsumer<TContext>(TContext db, Inbox<TContext> inbox) : IdempotentConsumer<PartnerEnabled, TContext>(db, inbox)
    where TContext : ServiceDbContext
{
    protected override bool ReadsByKeyOnly => true;

    protected override Task HandleAsync(PartnerEnabled message, CancellationToken cancellationToken) =>
        KnownPartners.ApplyAsync(Db, message.PartnerId, null, enabled: true, message.Version, message.OccurredAt, cancellationToken);
}
