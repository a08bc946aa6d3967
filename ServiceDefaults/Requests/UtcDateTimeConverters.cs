using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A date-time in a JSON body is an ISO 8601 instant kept in UTC (PostgreSQL stores only UTC instants): an offset is
/// applied, none means UTC, and anything else ("1.5", "tomorrow") is a type error naming the field.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String
            || QueryValues.Check(typeof(DateTimeOffset), reader.GetString()!, out var utc) is not null)
        {
            throw new JsonException("Expected a date-time in ISO 8601.");
        }

        return DateTimeOffset.Parse(utc!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime());
}

/// <summary>The same for <see cref="DateTime"/>: read as UTC (Kind Utc), whatever offset was sent.</summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new UtcDateTimeOffsetConverter().Read(ref reader, typeof(DateTimeOffset), options).UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
