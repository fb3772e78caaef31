using System.Data.Common;
using Npgsql;

namespace RasaOrleans.Grains.Reminders;

/// <summary>The cluster's reminder table in PostgreSQL (<c>rasa_reminders</c>, created by the schema script <c>06-reminders.sql</c>).</summary>
public sealed class PostgresReminderTable(string connectionString, string serviceId) : SqlReminderTable(serviceId)
{
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
