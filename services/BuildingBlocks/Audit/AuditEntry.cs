using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Audit;

/// <summary>
/// Who did what to which record, when, with which outcome. Written in the same transaction as
/// the change it records; no API changes or deletes it.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string PartnerId { get; private set; } = "";
    public string ClientId { get; private set; } = "";
    public string Resource { get; private set; } = "";
    public string? ResourceId { get; internal set; }
    public string Action { get; private set; } = "";
    public string? CorrelationId { get; private set; }
    public string Outcome { get; private set; } = "";
    public int StatusCode { get; private set; }

    public static AuditEntry Begin(string partnerId, string clientId, string resource, string? resourceId, string action, string? correlationId, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        At = at,
        PartnerId = partnerId,
        ClientId = clientId,
        Resource = resource,
        ResourceId = resourceId,
        Action = action,
        CorrelationId = Microsoft.Extensions.Hosting.CorrelationId.ForStorage(correlationId),
        // Assumed until the request says otherwise: the entry commits with the change it records.
        Outcome = "succeeded",
        StatusCode = 200,
    };

    /// <summary>Every outcome <see cref="Complete"/> gives, for the document's enum.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["succeeded", "denied", "not_found", "conflict", "rejected", "failed"];

    public bool Complete(int statusCode)
    {
        var outcome = statusCode switch
        {
            < 400 => "succeeded",
            401 or 403 => "denied",
            404 => "not_found",
            409 or 412 or 428 => "conflict",
            < 500 => "rejected",
            _ => "failed",
        };
        var changed = outcome != Outcome || statusCode != StatusCode;
        Outcome = outcome;
        StatusCode = statusCode;
        return changed;
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.PartnerId).HasMaxLength(100);
        builder.Property(a => a.ClientId).HasMaxLength(100);
        builder.Property(a => a.Resource).HasMaxLength(100);
        builder.Property(a => a.ResourceId).HasMaxLength(100);
        builder.Property(a => a.Action).HasMaxLength(20);
        builder.Property(a => a.CorrelationId).HasMaxLength(128);
        builder.Property(a => a.Outcome).HasMaxLength(20);
        builder.HasIndex(a => new { a.PartnerId, a.At });
        builder.HasIndex(a => new { a.Resource, a.ResourceId });
    }
}
