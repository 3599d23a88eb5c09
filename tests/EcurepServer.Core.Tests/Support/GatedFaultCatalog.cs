using EcurepServer.Core.Catalog;

namespace EcurepServer.Core.Tests.Support;

/// <summary>
/// Fault rules in memory, as a catalog over the network would keep them: once <see cref="Blocking"/>, a synchronous
/// member fails (nothing on a connection or a request may wait on one), and a count waits until <see cref="Answer"/>.
/// </summary>
internal sealed class GatedFaultCatalog : IFaultCatalog
{
    private readonly Lock _lock = new();
    private readonly List<Row> _rules = [];
    private readonly TaskCompletionSource _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _stamp;

    public bool Blocking { get; set; }

    public void Answer() => _answer.SetResult();

    public long Stamp() => Sync(() => _stamp);

    public IReadOnlyList<CatalogFaultRule> Read() => Sync(ReadRules);

    public string Add(string? id, string rule, int? times, DateTimeOffset added) => Sync(() => AddRule(id, rule, times, added));

    public bool Remove(string id) => Sync(() => RemoveRule(id));

    public int Clear() => Sync(ClearRules);

    public bool TryCount(string id) => Sync(() => CountRule(id));

    public ValueTask<long> StampAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_stamp);
        }
    }

    public ValueTask<IReadOnlyList<CatalogFaultRule>> ReadAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<CatalogFaultRule>>(ReadRules());

    public ValueTask<string> AddAsync(string? id, string rule, int? times, DateTimeOffset added, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AddRule(id, rule, times, added));

    public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(RemoveRule(id));

    public ValueTask<int> ClearAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ClearRules());

    public async ValueTask<bool> TryCountAsync(string id, CancellationToken cancellationToken)
    {
        await _answer.Task.WaitAsync(cancellationToken);
        return CountRule(id);
    }

    private T Sync<T>(Func<T> read) => Blocking ? throw new InvalidOperationException("a synchronous catalog call") : read();

    private List<CatalogFaultRule> ReadRules()
    {
        lock (_lock)
        {
            return [.. _rules.Select(row => new CatalogFaultRule(row.Id, row.Rule, row.Added, row.Fired))];
        }
    }

    private string AddRule(string? id, string rule, int? times, DateTimeOffset added)
    {
        lock (_lock)
        {
            var named = id ?? $"fault-{_stamp + 1}";
            _rules.RemoveAll(row => row.Id == named);
            _rules.Add(new Row(named, rule, added, times));
            _stamp++;
            return named;
        }
    }

    private bool RemoveRule(string id)
    {
        lock (_lock)
        {
            _stamp++;
            return _rules.RemoveAll(row => row.Id == id) > 0;
        }
    }

    private int ClearRules()
    {
        lock (_lock)
        {
            var count = _rules.Count;
            _rules.Clear();
            _stamp++;
            return count;
        }
    }

    private bool CountRule(string id)
    {
        lock (_lock)
        {
            if (_rules.Find(row => row.Id == id) is not { } row || row.Times <= row.Fired)
            {
                return false;
            }

            row.Fired++;
            return true;
        }
    }

    private sealed class Row(string id, string rule, DateTimeOffset added, int? times)
    {
        public string Id { get; } = id;

        public string Rule { get; } = rule;

        public DateTimeOffset Added { get; } = added;

        public int? Times { get; } = times;

        public long Fired { get; set; }
    }
}
