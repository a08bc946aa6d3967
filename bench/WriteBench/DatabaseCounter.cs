using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

/// <summary>
/// Counts what EF Core sends to the database, across every context in this process, by listening
/// to its diagnostic events: commands (one round trip each) by their first SQL word, and commits.
/// Only on while the breakdown runs, since listening costs.
/// </summary>
internal sealed class DatabaseCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<string, int> _commands = new();
    private int _commits;
    private volatile bool _on;

    public DatabaseCounter() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public void Start()
    {
        _commands.Clear();
        _commits = 0;
        _on = true;
    }

    public (IReadOnlyDictionary<string, int> Commands, int Commits) Stop()
    {
        _on = false;
        return (new Dictionary<string, int>(_commands), _commits);
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.TransactionCommitted.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!_on)
        {
            return;
        }

        if (value.Value is CommandExecutedEventData executed)
        {
            // A batch (several statements in one round trip) is named by the start of each of its statements.
            var statements = executed.Command.CommandText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => string.Join(' ', s.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('@')).Take(6)))
                .Where(w => w.Length > 0);
            var name = string.Join(" + ", statements);
            _commands.AddOrUpdate(name, 1, (_, n) => n + 1);
            if (executed.Command.Transaction is null && !name.StartsWith("SELECT", StringComparison.Ordinal))
            {
                // A write outside a transaction commits on its own.
                Interlocked.Increment(ref _commits);
            }
        }
        else if (value.Key == RelationalEventId.TransactionCommitted.Name)
        {
            Interlocked.Increment(ref _commits);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
