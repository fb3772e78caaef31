using Npgsql;

namespace RasaOrleans.Integration.Tests;

/// <summary>Reads the Orleans tables directly, to check what the providers wrote.</summary>
public sealed class MembershipTable(string connectionString)
{
    /// <summary>Orleans' <c>SiloStatus.Active</c> and <c>SiloStatus.Dead</c> as stored.</summary>
    public const int Active = 3, Dead = 6;

    /// <summary>Silos of the cluster with the given status.</summary>
    public async Task<int> CountAsync(string clusterId, int status)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = @cluster AND status = @status", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("status", status);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The status stored for one silo, or null when it has no row.</summary>
    public async Task<int?> StatusOfAsync(string clusterId, SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleansmembershiptable WHERE deploymentid = @cluster AND address = @address AND port = @port AND generation = @generation",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("address", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }
}
