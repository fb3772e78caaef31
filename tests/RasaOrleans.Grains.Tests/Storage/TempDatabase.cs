using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RasaOrleans.Grains.Storage;

namespace RasaOrleans.Grains.Tests.Storage;

/// <summary>A database file in a fresh temporary directory, removed on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "rasa-orleans-tests", Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, SqliteGrainStorageOptions.DefaultFileName);

    public SqliteGrainStorage CreateStorage(string name = "test") =>
        new(name, new SqliteGrainStorageOptions { DataDirectory = Directory }, NullLogger<SqliteGrainStorage>.Instance);

    /// <summary>A separate connection for looking at (or instrumenting) the file behind the storage's back.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public long Scalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string? Text(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    /// <summary>Counts every insert into and delete from the events table from now on.</summary>
    public void CountEventRowWrites()
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS test_row_writes (kind TEXT NOT NULL);
            CREATE TRIGGER IF NOT EXISTS test_count_inserts AFTER INSERT ON grain_events
                BEGIN INSERT INTO test_row_writes VALUES ('insert'); END;
            CREATE TRIGGER IF NOT EXISTS test_count_deletes AFTER DELETE ON grain_events
                BEGIN INSERT INTO test_row_writes VALUES ('delete'); END;
            """;
        command.ExecuteNonQuery();
    }

    public (long Inserts, long Deletes) TakeEventRowWrites()
    {
        var inserts = Scalar("SELECT count(*) FROM test_row_writes WHERE kind = 'insert'");
        var deletes = Scalar("SELECT count(*) FROM test_row_writes WHERE kind = 'delete'");
        Scalar("DELETE FROM test_row_writes; SELECT 0;");
        return (inserts, deletes);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }
}
