using JusticePlatform.BuildingBlocks.Partners;

namespace JusticePlatform.BuildingBlocks.Persistence;

/// <summary>
/// A scope's pooled context, leased to the scope's caller and given back to the pool once, when the
/// scope ends. Resolved before the context itself, it is disposed after every disposal of the context
/// the container makes (last in, first out), so no disposal of this scope can reach the context once
/// another scope leased it.
/// </summary>
internal sealed class ContextLease : IAsyncDisposable, IDisposable
{
    private int _returned;

    public ContextLease(ServiceDbContext context, ICurrentPartner? partner)
    {
        Context = context;
        context.BeginLease(partner);
    }

    public ServiceDbContext Context { get; }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _returned, 1) == 0 ? Context.ReturnAsync() : default;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _returned, 1) == 0)
        {
            Context.Return();
        }
    }
}
