using Microsoft.Extensions.Configuration;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// SQL Server where Aspire runs the stack; PostgreSQL where no SQL Server can run.
/// Chosen by the Database:Provider setting (see docs/decisions/0002-two-database-providers.md).
/// </summary>
public enum DatabaseProvider
{
    Postgres,
    SqlServer,
}

public static class DatabaseProviderSetting
{
    public const string Key = "Database:Provider";

    public static DatabaseProvider Read(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Postgres;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"{Key} is '{value}'; expected Postgres or SqlServer.");
    }
}
