using System.Collections.Frozen;
using JusticePlatform.Contracts;
using MassTransit;

namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>
/// How an outbox row names its event: by the contract's message URN
/// ("urn:message:justice:beneficiary-registered:v1"), which stays when a class is renamed or
/// moved, and how the dispatcher finds the contract type again.
/// </summary>
internal static class MessageTypes
{
    private static readonly FrozenDictionary<string, Type> Known = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(type))
        .ToFrozenDictionary(NameOf);

    public static string NameOf(Type type) => MessageUrn.ForTypeString(type);

    /// <summary>The contract type of a stored name, or null when this service knows no such event.</summary>
    public static Type? Resolve(string name) =>
        Known.GetValueOrDefault(name)
        // Rows written before URNs were stored carry the CLR type name; only a contract event is published.
        ?? (name.StartsWith("urn:", StringComparison.Ordinal) ? null
            : Type.GetType(name, throwOnError: false) is { } legacy && Known.ContainsKey(NameOf(legacy)) ? legacy : null);
}

/// <summary>Headers the outbox adds to every message it publishes.</summary>
public static class OutboxHeaders
{
    /// <summary>When the change happened, so consumers can measure lag from the change itself.</summary>
    public const string OccurredAt = "Justice-Occurred-At";

    /// <summary>The correlation id of the request that raised the event (<see cref="OutboxMessage.CorrelationId"/>).</summary>
    public const string CorrelationId = "Justice-Correlation-Id";
}
