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
/// Each write runs inside a savepoint: a write that fails (a refused ETag, a value SQLite rejects) is undone and
/// fails alone while the others commit. A failure of the database itself (full, I/O error, corrupt, out of memory)
/// or of the commit rolls the whole transaction back and fails every write in it (each caller then reads its state
/// back, see the conversation grain). Writes to one state keep their order: a grain awaits its write before it
/// sends the next.
/// </remarks>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    // enough to amortise a commit over a burst without holding the first caller long behind a huge transaction
    private const int MaxBatch = 256;

    // SQLite's result codes that concern the whole database, not one write: the transaction fails as a whole
    private const int SqliteNoMem = 7;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;

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
                // each write inside a savepoint: one that fails part way is undone alone, the others still commit
                context.Command("SAVEPOINT write;").ExecuteNonQuery();
                try
                {
                    write.Apply(context);
                    context.Command("RELEASE write;").ExecuteNonQuery();
                    applied.Add(write);
                }
                catch (Exception e) when (e is not SqliteException { SqliteErrorCode: SqliteFull or SqliteIoErr or SqliteCorrupt or SqliteNoMem })
                {
                    // a failure of this write alone (a refused ETag, a bad value): the transaction goes on without it
                    context.Command("ROLLBACK TO write;").ExecuteNonQuery();
                    context.Command("RELEASE write;").ExecuteNonQuery();
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
