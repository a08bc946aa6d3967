using JusticePlatform.Activities.Beneficiaries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>Makes Activities' database refuse the projection of one commune, as a broken write would.</summary>
internal sealed class RejectingDatabase(string commune) : SaveChangesInterceptor
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context!.ChangeTracker.Entries<KnownBeneficiary>().Any(e => e.Entity.CommunePcode == commune))
        {
            Interlocked.Increment(ref _attempts);
            throw new DbUpdateException("The projection store rejected the write.");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
