using System.Diagnostics;
using JusticePlatform.Beneficiaries.Data;
using JusticePlatform.BuildingBlocks.Audit;
using JusticePlatform.BuildingBlocks.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The database steps of a read, each timed alone inside the service's own container: CPU and allocation per step.</summary>
internal static class DatabaseSteps
{
    private static BeneficiariesDbContext Db(IServiceProvider scope) => scope.GetRequiredService<BeneficiariesDbContext>();

    public static async Task PrintAsync(IServiceProvider services, Guid id, int iterations)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        (string What, Func<IServiceProvider, Task> Work)[] steps =
        [
            ("scope alone", _ => Task.CompletedTask),
            ("scope and DbContextOptions", scope => { _ = scope.GetRequiredService<DbContextOptions>(); return Task.CompletedTask; }),
            ("scope and DbContext", scope => { _ = scope.GetRequiredService<BeneficiariesDbContext>().Model; return Task.CompletedTask; }),
            ("+ read one beneficiary by id", scope => Db(scope).Beneficiaries.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id)),
            ("+ read it including shared", scope => Db(scope).IncludingShared<JusticePlatform.Beneficiaries.Registration.Beneficiary>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id)),
            ("+ insert one audit entry", scope =>
            {
                var db = Db(scope);
                db.AuditEntries.Add(AuditEntry.Begin("bench", "bench", "beneficiary", id.ToString(), "read", null, scope.GetRequiredService<TimeProvider>().GetUtcNow()));
                return db.SaveChangesAsync();
            }),
        ];

        var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var idleAllocated = GC.GetTotalAllocatedBytes();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Console.WriteLine($"idle, whole process: {(Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalMilliseconds / 3:0.0} CPU ms/s, "
            + $"{(GC.GetTotalAllocatedBytes() - idleAllocated) / 1024.0 / 3:0} KB/s");
        Console.WriteLine($"{"database step (one at a time)",-44} {"ms",8} {"CPU ms",8} {"KB",8}");
        foreach (var (what, work) in steps)
        {
            for (var pass = 0; pass < 2; pass++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes();
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < iterations; i++)
                {
                    await using var scope = scopes.CreateSystemScope();
                    await work(scope.ServiceProvider);
                }

                if (pass == 1)
                {
                    Console.WriteLine($"{what,-44} {watch.Elapsed.TotalMilliseconds / iterations,8:0.000} "
                        + $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iterations,8:0.000} "
                        + $"{(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / iterations,8:0.0}");
                }
            }
        }
    }
}
