using JusticePlatform.Activities.Projections.Beneficiaries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JusticePlatform.IntegrationTests.Messaging;

/// <summary>Makes Activities' database refuse the projection of one commune, as a broken write would.</summary>
internal sealed class RejectingDatabase(string commune) : SaveChangesInterceptor
{
    private int _attempts;
    private volatile bool _healed;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The fault is fixed: from now on the commune's projection is written like any other.</summary>
    public void Heal() => _healed = true;

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (!_healed && eventData.Context!.ChangeTracker.Entries<KnownBeneficiary>().Any(e => e.Entity.CommunePcode == commune))
        {
            Interlocked.Increment(ref _attempts);
            throw new DbUpdateException("The projection store rejected the write.");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
