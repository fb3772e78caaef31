using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace RasaOrleans.Grains.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> with a silo.</summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>Adds a SQLite grain storage provider under <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        builder.Services.AddSqliteGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds a SQLite grain storage provider as the default provider (grains that name no storage).</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds a SQLite grain storage provider under <paramref name="name"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = services.AddOptions<SqliteGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return services.AddGrainStorage(name, static (sp, storageName) => new SqliteGrainStorage(
            storageName,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(storageName),
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
    }
}
