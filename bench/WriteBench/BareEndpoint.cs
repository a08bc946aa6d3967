using JusticePlatform.Beneficiaries.Duplicates;
using JusticePlatform.Beneficiaries.Registration;
using JusticePlatform.BuildingBlocks.Places;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The floor a registration is compared with: a minimal API with no authentication, no
/// idempotency, no duplicate check, no audit and no outbox, that builds the same beneficiary row
/// from the same request body and inserts it with EF Core into the same table shape, in a database
/// of its own on the same PostgreSQL server, with the same connection pool size.
/// </summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    public const string Path = "/bare/beneficiaries";

    private readonly WebApplication _app;

    private BareEndpoint(WebApplication app) => _app = app;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<BareEndpoint> StartAsync(string connectionString, byte[] matchKeySecret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContextPool<BareDbContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddSingleton(MaliGazetteer.Embedded);
        builder.Services.AddSingleton(new MatchKeys(matchKeySecret));
        builder.Services.AddSingleton(TimeProvider.System);
        var app = builder.Build();
        app.MapPost(Path, async (BeneficiaryRequest request, BareDbContext db, MaliGazetteer gazetteer, MatchKeys keys, TimeProvider clock) =>
        {
            gazetteer.TryFindCommune(request.CommunePcode, out var commune);
            var beneficiary = Beneficiary.Register("bare", request, commune, gazetteer.Version, keys, clock.GetUtcNow());
            db.Add(beneficiary);
            await db.SaveChangesAsync();
            return Results.Created($"{Path}/{beneficiary.Id}", new { beneficiary.Id, beneficiary.Code });
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BareDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return new BareEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The beneficiaries table alone, shaped by the service's own mapping (columns, indexes, unique code).</summary>
internal sealed class BareDbContext(DbContextOptions<BareDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(Beneficiary).Assembly, type => type.Name == "BeneficiaryConfiguration");
}
