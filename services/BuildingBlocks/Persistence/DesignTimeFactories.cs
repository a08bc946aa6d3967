using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build a provider's context without a running server. Each
/// migrations project (services/Migrations/&lt;Service&gt;.&lt;Provider&gt;) derives one, and its own assembly
/// is where the context's migrations live (see <see cref="MigrationsAssemblies"/>).
/// </summary>
public abstract class PostgresDesignTimeFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        Create<TContext>(new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost;Database=design_time", npgsql => npgsql.MigrationsAssembly(GetType().Assembly))
            .Options);

    internal static T Create<T>(DbContextOptions<T> options) where T : DbContext =>
        (T)Activator.CreateInstance(typeof(T), options)!;
}

public abstract class SqlServerDesignTimeFactory<TContext> : IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args) =>
        PostgresDesignTimeFactory<TContext>.Create(new DbContextOptionsBuilder<TContext>()
            .UseSqlServer("Server=localhost;Database=design_time", sql => sql.MigrationsAssembly(GetType().Assembly))
            .Options);
}
