using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Identity.Data;

namespace JusticePlatform.Identity.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the context with this assembly as its migrations assembly (scripts/add-migration.sh).</summary>
public sealed class DesignTimeFactory : SqlServerDesignTimeFactory<SqlServerIdentityDbContext>;
