using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JusticePlatform.BuildingBlocks.Idempotency;

/// <summary>A create request already seen under an Idempotency-Key, and the answer it got.</summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public string PartnerId { get; private set; } = "";
    /// <summary>The hash of the client's Idempotency-Key (<see cref="StoredKeyOf"/>), never the key itself.</summary>
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int? StatusCode { get; private set; }
    public string? ContentType { get; private set; }
    public string? Location { get; private set; }

    /// <summary>The first answer's ETag: a replay names the same version of the record as the answer it repeats.</summary>
    public string? ETag { get; private set; }
    public byte[]? Body { get; private set; }

    public bool IsComplete => StatusCode is not null;

    /// <summary>How a client's key is stored: its SHA-256, since the key is the client's free text and may hold a name.</summary>
    public static string StoredKeyOf(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    public static IdempotencyRecord Start(string partnerId, string key, string requestHash, DateTimeOffset now) => new()
    {
        PartnerId = partnerId,
        Key = key,
        RequestHash = requestHash,
        CreatedAt = now,
    };

    /// <summary>Whether this record already holds exactly this answer.</summary>
    public bool Answered(int statusCode, string? contentType, string? location, string? eTag, ReadOnlySpan<byte> body) =>
        StatusCode == statusCode && ContentType == contentType && (Location ?? "") == (location ?? "") && ETag == eTag
        && Body is not null && body.SequenceEqual(Body);

    public void Complete(int statusCode, string? contentType, string? location, string? eTag, byte[] body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Location = location;
        ETag = eTag;
        Body = body;
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.PartnerId, r.Key });
        builder.Property(r => r.PartnerId).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyMiddleware.MaxKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.Property(r => r.Location).HasMaxLength(500);
        builder.Property(r => r.ETag).HasMaxLength(100);
    }
}
