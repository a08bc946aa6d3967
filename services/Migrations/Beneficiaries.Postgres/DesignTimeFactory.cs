using JusticePlatform.BuildingBlocks.Persistence;
using JusticePlatform.Beneficiaries.Data;

namespace JusticePlatform.Beneficiaries.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the context with this assembly as its migrations assembly (scripts/add-migration.sh).</summary>
public sealed class DesignTimeFactory : PostgresDesignTimeFactory<PostgresBeneficiariesDbContext>;
