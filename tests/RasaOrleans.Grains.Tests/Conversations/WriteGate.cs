namespace RasaOrleans.Grains.Tests.Conversations;

/// <summary>
/// Holds the writes of one grain in <see cref="FaultInjectingGrainStorage"/> until <see cref="Open"/>, and counts
/// how many were inside at once: a test can keep one request in the middle of its turn and see whether another
/// request to the same grain runs meanwhile.
/// </summary>
public sealed class WriteGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _overlapped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _maxInside;

    /// <summary>Completes when the first write is being held.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Completes when two writes were inside at once.</summary>
    public Task Overlapped => _overlapped.Task;

    /// <summary>The most writes that were inside at once.</summary>
    public int MaxInside => Volatile.Read(ref _maxInside);

    public void Open() => _open.TrySetResult();

    public async Task PassAsync(Func<Task> write)
    {
        var inside = Interlocked.Increment(ref _inside);
        InterlockedMax(inside);
        _entered.TrySetResult();
        if (inside > 1)
        {
            _overlapped.TrySetResult();
        }

        try
        {
            await _open.Task;
            await write();
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    private void InterlockedMax(int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref _maxInside)) < value && Interlocked.CompareExchange(ref _maxInside, value, seen) != seen)
        {
        }
    }
}
