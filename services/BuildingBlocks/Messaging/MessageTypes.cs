namespace JusticePlatform.BuildingBlocks.Messaging;

/// <summary>How an outbox row names the CLR type of its event, and how the dispatcher finds it again.</summary>
internal static class MessageTypes
{
    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Type.GetType(name, throwOnError: false)
        ?? throw new InvalidOperationException($"Outbox message type '{name}' is not known to this service.");
}

/// <summary>Headers the outbox adds to every message it publishes.</summary>
public static class OutboxHeaders
{
    /// <summary>When the change happened, so consumers can measure lag from the change itself.</summary>
    public const string OccurredAt = "Justice-Occurred-At";
}
