using System.Text.Json;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using RasaOrleans.Grains;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Reminders;
using RasaOrleans.Grains.Storage;
using RasaOrleans.Grains.Telemetry;
using RasaOrleans.Server.Health;
using RasaOrleans.Server.Postgres;

namespace RasaOrleans.Server.Hosting;

/// <summary>The co-hosted Orleans silo: clustering (localhost or PostgreSQL) and the grain storage.</summary>
public static class OrleansExtensions
{
    /// <summary>The ADO.NET invariant name Orleans uses for PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Adds one silo to the host: clustering by <see cref="RasaOrleansOptions.Cluster"/>, storage by
    /// <see cref="RasaOrleansOptions.Storage"/>, and (when PostgreSQL is used and
    /// <see cref="RasaOrleansOptions.ApplySchema"/> is on) the schema applied before the silo starts.
    /// </summary>
    public static IHostApplicationBuilder AddRasaOrleans(this IHostApplicationBuilder builder, RasaOrleansOptions options)
    {
        var cluster = ClusterSettings.Resolve(options, builder.Configuration);
        builder.Services.AddSingleton(cluster);
        if (cluster.UsesPostgres)
        {
            // hosted services start in registration order: the schema, then the models, then the silo
            if (options.ApplySchema)
            {
                builder.Services.AddHostedService(sp => new PostgresSchemaService(
                    cluster.PostgresConnectionString!, sp.GetRequiredService<ILogger<PostgresSchemaService>>()));
            }

            builder.Services.AddHealthChecks().AddCheck<PostgresReadinessCheck>("postgres", tags: [HealthExtensions.ReadyTag]);
        }

        // the models are loaded before the silo joins the cluster: a silo that takes conversations can answer them
        builder.Services.AddRasaModels();
        builder.UseOrleans(silo =>
        {
            ConfigureClustering(silo, options, cluster);
            if (TelemetryExtensions.ExportsOverOtlp(builder.Configuration))
            {
                // grain calls join the HTTP request's trace; without a trace receiver tracing is off (TelemetryExtensions)
                silo.AddActivityPropagation();
            }

            ConfigureStorage(silo, options, cluster);

            // a reminder event's Orleans reminder ticks again after this while it has not fired (after a restart,
            // a due reminder fires within one period)
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(options.ReminderPeriodSeconds));
            silo.Configure<GrainCollectionOptions>(o => ConfigureCollection(o, options.ConversationCollectionAge));
            silo.AddRasaDashboard(options.Dashboard);
        });
        builder.Services.AddSingleton<RasaMetrics>();
        return builder;
    }

    /// <summary>
    /// Idle conversations leave memory after <paramref name="conversationAge"/> (checked every quantum, so within
    /// about a tenth more); under memory pressure (80% of the process's limit, e.g. a container's) Orleans sheds
    /// the least recently used activations first, down to 70%.
    /// </summary>
    public static void ConfigureCollection(GrainCollectionOptions collection, TimeSpan conversationAge)
    {
        var age = conversationAge < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : conversationAge;
        collection.ClassSpecificCollectionAge[typeof(ConversationGrain).FullName!] = age;
        var quantum = age / 10;
        if (quantum < collection.CollectionQuantum)
        {
            collection.CollectionQuantum = quantum < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : quantum;
        }

        collection.EnableActivationSheddingOnMemoryPressure = true;
        collection.MemoryUsageLimitPercentage = 80;
        collection.MemoryUsageTargetPercentage = 70;
    }

    private static void ConfigureClustering(ISiloBuilder silo, RasaOrleansOptions options, ClusterSettings cluster)
    {
        switch (cluster.Mode)
        {
            case ClusterMode.Localhost:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                break;
            case ClusterMode.AdoNet:
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
                if (cluster.SiloName is { } siloName)
                {
                    silo.Configure<SiloOptions>(o => o.SiloName = siloName);
                }

                // listen on every interface (a pod's, a container's), advertise the one other silos can reach
                if (cluster.AdvertisedIP is { } advertised)
                {
                    silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
                }

                // a silo killed without leaving is declared dead after ~3 missed probes of 2 s (default 3 × 5 s
                // plus votes): its conversations answer through the other silos within seconds, not half a minute
                silo.Configure<ClusterMembershipOptions>(o =>
                {
                    o.ProbeTimeout = TimeSpan.FromSeconds(2);
                    o.NumMissedProbesLimit = 3;
                });
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = cluster.PostgresConnectionString;
                });
                break;
            default:
                throw new InvalidOperationException($"Unknown {RasaOrleansOptions.SectionName}:Cluster '{cluster.Mode}'.");
        }
    }

    /// <summary>The ADO.NET provider that reads conversations stored before the event-log tables existed.</summary>
    public const string LegacyConversations = "conversations-adonet";

    private static void ConfigureStorage(ISiloBuilder silo, RasaOrleansOptions options, ClusterSettings cluster)
    {
        switch (options.Storage)
        {
            case StorageProvider.Memory:
                silo.UseInMemoryReminderService();
                silo.Services.AddGrainStorage(StorageNames.Conversations,
                    static (sp, name) => new CatalogingGrainStorage(MemoryGrainStorageFactory.Create(sp, name)));
                silo.AddMemoryGrainStorageAsDefault();
                break;
            case StorageProvider.Sqlite:
                void ConfigureSqlite(SqliteGrainStorageOptions sqlite) => sqlite.DataDirectory = options.DataDirectory;
                silo.AddSqliteGrainStorage(StorageNames.Conversations, ConfigureSqlite);
                silo.AddReminders();
                silo.Services.AddSingleton<IReminderTable>(new SqliteReminderTable(options.DataDirectory, cluster.ServiceId));
                silo.AddSqliteGrainStorageAsDefault(ConfigureSqlite);
                break;
            case StorageProvider.Postgres:
                var serializer = CreateStorageSerializer();
                void ConfigureAdoNet(AdoNetGrainStorageOptions adoNet)
                {
                    adoNet.Invariant = PostgresInvariant;
                    adoNet.ConnectionString = cluster.PostgresConnectionString;
                    adoNet.GrainStorageSerializer = serializer;
                }

                // conversations: our own event-log tables (flat cost per turn); the ADO.NET provider keeps the
                // small states and reads conversations stored before, under their old provider name
                silo.AddAdoNetGrainStorage(LegacyConversations, ConfigureAdoNet);
                silo.AddAdoNetGrainStorageAsDefault(ConfigureAdoNet);
                var connectionString = cluster.PostgresConnectionString;
                silo.AddReminders();
                silo.Services.AddSingleton<IReminderTable>(new PostgresReminderTable(connectionString ?? "", cluster.ServiceId));
                silo.Services.AddGrainStorage(StorageNames.Conversations, (sp, name) => new PostgresEventLogStorage(
                    name,
                    new PostgresEventLogStorageOptions { ConnectionString = connectionString ?? "", ServiceId = cluster.ServiceId },
                    sp.GetRequiredKeyedService<IGrainStorage>(LegacyConversations),
                    sp.GetRequiredService<ILogger<PostgresEventLogStorage>>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown {RasaOrleansOptions.SectionName}:Storage '{options.Storage}'.");
        }
    }

    /// <summary>
    /// The PostgreSQL grain-state serializer: System.Text.Json with camelCase names. Unlike Orleans' default
    /// (Newtonsoft with <c>$type</c>), it stores no CLR type or assembly names, so renaming or moving a state class
    /// never orphans stored conversations; only property names are part of the stored format.
    /// </summary>
    public static IGrainStorageSerializer CreateStorageSerializer()
    {
        var serializerOptions = new SystemTextJsonGrainStorageSerializerOptions();
        serializerOptions.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // events are JSON text inside the state: keep their quotes as \" rather than \u0022 (the row is rewritten every turn)
        serializerOptions.JsonSerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(serializerOptions));
    }
}
