using Npgsql;

namespace RasaOrleans.Server.Postgres;

/// <summary>
/// Applies <see cref="PostgresSchema"/> when the host starts. Registered before the silo, so the silo finds its
/// queries. Retries briefly while the database is still coming up, then fails the start-up.
/// </summary>
public sealed partial class PostgresSchemaService(string connectionString, ILogger<PostgresSchemaService> logger) : IHostedService
{
    private const int Attempts = 6;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await PostgresSchema.ApplyAsync(connectionString, cancellationToken);
                LogApplied(logger, PostgresSchema.Scripts.Count);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < Attempts)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(8, 1 << (attempt - 1)));
                LogRetrying(logger, ex, attempt, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema applied ({ScriptCount} scripts)")]
    private static partial void LogApplied(ILogger logger, int scriptCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL not reachable (attempt {Attempt}); retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int attempt, TimeSpan delay);
}
