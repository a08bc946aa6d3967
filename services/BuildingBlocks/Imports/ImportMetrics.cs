using System.Diagnostics.Metrics;

namespace JusticePlatform.BuildingBlocks.Imports;

/// <summary>Import progress for the ops dashboard: rows committed as they are, and imports as they end, by kind and outcome.</summary>
public sealed class ImportMetrics : IDisposable
{
    public const string MeterName = "JusticePlatform.Imports";

    private readonly Meter _meter;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _finished;
    private long _running;

    public ImportMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _rows = _meter.CreateCounter<long>("justice.imports.rows_committed", "{row}", "Uploaded rows written, chunk by chunk");
        _finished = _meter.CreateCounter<long>("justice.imports.finished", "{import}", "Imports that ended, by status");
        _meter.CreateObservableGauge("justice.imports.running", () => Interlocked.Read(ref _running), "{import}", "Imports being worked on now");
    }

    public void Started() => Interlocked.Increment(ref _running);

    public void Stopped() => Interlocked.Decrement(ref _running);

    public void RowsCommitted(string kind, int rows) => _rows.Add(rows, new KeyValuePair<string, object?>("kind", kind));

    public void Finished(string kind, string status) =>
        _finished.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
