using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// Group commit for <see cref="SqliteGrainStorage"/>: every write goes through one queue and one connection, and
/// the writes queued while a transaction commits go into the next transaction together. Each caller is released
/// only after the transaction holding its write committed, so a write is acknowledged only once it is stored,
/// exactly as with a transaction per write; but concurrent conversations share the commit, writers never wait on
/// SQLite's lock (and its busy-retry sleeps), and the statements are prepared once for the connection's life.
/// </summary>
/// <remarks>
/// A write that is refused before it changes anything (an ETag mismatch) fails alone; any other failure inside a
/// transaction rolls it back and fails every write in it (each caller then reads its state back, see the
/// conversation grain). Writes to one state keep their order: a grain awaits its write before it sends the next.
/// </remarks>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    // enough to amortise a commit over a burst without holding the first caller long behind a huge transaction
    private const int MaxBatch = 256;

    private readonly BlockingCollection<SqliteWrite> _queue = new(new ConcurrentQueue<SqliteWrite>());
    private readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private Dictionary<string, SqliteCommand> _commands = [];
    private int _disposed;

    public SqliteWriteQueue(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        // Its own thread, not the thread pool's: SQLite's calls block while they write, and a pool thread held
        // there is one fewer for requests (on two cores the pool may have only two).
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="apply"/> (run inside a transaction on the writer's connection); completes after its commit.</summary>
    public Task WriteAsync(Action<SqliteWriteContext> apply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new SqliteWrite(apply);
        try
        {
            _queue.Add(write, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The SQLite storage is shutting down.");
        }

        return write.Done.Task;
    }

    public ValueTask DisposeAsync()
    {
        // the storage can be registered (and disposed) under several service types: only the first call stops
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        // the writes already queued are still committed
        _queue.CompleteAdding();
        _thread.Join();
        ResetConnection();
        _queue.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Run()
    {
        var batch = new List<SqliteWrite>(MaxBatch);
        while (!_queue.IsCompleted)
        {
            try
            {
                batch.Add(_queue.Take());
            }
            catch (InvalidOperationException)
            {
                // completed while waiting
                break;
            }

            while (batch.Count < MaxBatch && _queue.TryTake(out var write))
            {
                batch.Add(write);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<SqliteWrite> batch)
    {
        SqliteTransaction? transaction = null;
        var applied = new List<SqliteWrite>(batch.Count);
        try
        {
            _connection ??= _open(CancellationToken.None).GetAwaiter().GetResult();
            transaction = _connection.BeginTransaction(deferred: false);
            var context = new SqliteWriteContext(_connection, transaction, _commands);
            foreach (var write in batch)
            {
                try
                {
                    write.Apply(context);
                    applied.Add(write);
                }
                catch (Orleans.Storage.InconsistentStateException e)
                {
                    // refused before it changed anything: only this write fails
                    write.Done.TrySetException(e);
                }
            }

            transaction.Commit();
            foreach (var write in applied)
            {
                write.Done.TrySetResult();
            }
        }
        catch (Exception e)
        {
            try
            {
                transaction?.Rollback();
            }
            catch (Exception)
            {
                // the connection is dropped below; the failure that matters is e
            }

            // start again on a fresh connection: this one may be in any state
            ResetConnection();
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private void ResetConnection()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands = [];
        _connection?.Dispose();
        _connection = null;
    }

    private sealed class SqliteWrite(Action<SqliteWriteContext> apply)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Apply(SqliteWriteContext context) => apply(context);
    }
}

/// <summary>The writer's connection and transaction for one write, with its commands prepared once per connection.</summary>
internal sealed class SqliteWriteContext(SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, SqliteCommand> commands)
{
    /// <summary>The command for <paramref name="sql"/> on the writer's connection (prepared on first use), its parameters cleared.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
