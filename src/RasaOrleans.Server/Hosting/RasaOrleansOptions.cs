namespace RasaOrleans.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>RasaOrleans</c> configuration section (environment variables
/// <c>RasaOrleans__Port</c> etc. and the command line override appsettings). Not <c>Orleans:*</c>, which
/// Orleans binds itself.
/// </summary>
public sealed class RasaOrleansOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RasaOrleans";

    /// <summary>HTTP port; the server listens on <c>http://0.0.0.0:&lt;Port&gt;</c>. Default 5005 (<c>-p</c>).</summary>
    public int Port { get; set; } = 5005;

    /// <summary>Directory of the SQLite store (<c>rasa-orleans.db</c>). Default <c>./data</c> (<c>--data</c>).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Grain state storage. Default <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;

    /// <summary>Orleans silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Dialogue model directory (<c>-d</c>). None by default.</summary>
    public string? CoreModel { get; set; }

    /// <summary>
    /// NLU model (<c>-u</c>): an NLU model folder, or a model directory with an <c>nlu/</c> folder. Served for
    /// <see cref="BotId"/>'s conversations and as the NLU routes' <c>default</c> model. Without one, a <c>-d</c>
    /// model's own <c>nlu/</c> is used, else the regex interpreter parses every message. <c>-u</c> without
    /// <c>-d</c> serves the NLU routes alone.
    /// </summary>
    public string? NluModel { get; set; }

    /// <summary>How many <c>POST /train</c> jobs may run at once in this process; more are refused (503). Default 1.</summary>
    public int MaxConcurrentTrainings { get; set; } = 1;

    /// <summary>Time limit of one <c>POST /train</c> job; a job that takes longer is abandoned (504). Default 5 minutes.</summary>
    public TimeSpan TrainingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, logs are also written to this file, one JSON object per line (<c>-o</c>).</summary>
    public string? LogFile { get; set; }

    /// <summary>When set, protected routes require <c>?token=</c> with this value (<c>--auth_token</c>).</summary>
    public string? AuthToken { get; set; }

    /// <summary>Rasa's endpoints file (<c>--endpoints</c>): <c>action_endpoint</c> (url, token) for custom actions.</summary>
    public string? Endpoints { get; set; }

    /// <summary>Rasa's credentials file (<c>--credentials</c>): the channels (<c>rest</c>, <c>callback</c>).</summary>
    public string? Credentials { get; set; }

    /// <summary>JWT secret (HS256) or public key (RS256) that signed tokens must verify with (<c>--jwt-secret</c>).</summary>
    public string? JwtSecret { get; set; }

    /// <summary>JWT signing method: <c>HS256</c> (default) or <c>RS256</c> (<c>--jwt-method</c>).</summary>
    public string JwtMethod { get; set; } = "HS256";

    /// <summary>
    /// Rasa's default model directory: <c>POST /model/train</c> saves the models it trains here (unless
    /// <c>save_to_default_model_directory=false</c>), and <c>PUT /model</c> loads only from inside it (a model
    /// directory or a zip). Relative to the current directory. Default <c>models</c>.
    /// </summary>
    public string ModelDirectory { get; set; } = "models";

    /// <summary>Allowed CORS origins; <c>*</c> allows all (<c>--cors</c>). None by default.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>The bot that the Rasa routes (which name no bot) act on. Default <c>default</c>.</summary>
    public string BotId { get; set; } = "default";

    /// <summary>How silos find each other: <see cref="ClusterMode.Localhost"/> (default) or <see cref="ClusterMode.AdoNet"/>.</summary>
    public ClusterMode Cluster { get; set; } = ClusterMode.Localhost;

    /// <summary>
    /// Orleans cluster id: silos with the same id form one cluster. When unset, the <c>ORLEANS_CLUSTER_ID</c>
    /// environment variable, else <c>local</c>.
    /// </summary>
    public string? ClusterId { get; set; }

    /// <summary>
    /// Orleans service id: part of every stored grain state's key, so keep it stable across deployments. When
    /// unset, the <c>ORLEANS_SERVICE_ID</c> environment variable, else <c>rasa-orleans</c>.
    /// </summary>
    public string? ServiceId { get; set; }

    /// <summary>
    /// PostgreSQL connection string (Npgsql format) for cluster membership and <see cref="StorageProvider.Postgres"/>
    /// storage. When unset, <c>ConnectionStrings:orleans</c>.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// In <see cref="ClusterMode.AdoNet"/> mode, the IP address other silos use to reach this one. When unset, the
    /// <c>POD_IP</c> environment variable, else the first address of this host.
    /// </summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>
    /// Apply the project's PostgreSQL schema scripts (idempotent) before the silo starts. Default: true whenever
    /// PostgreSQL is used; set false when a separate job owns the schema.
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// How long a graceful stop may take (the silo hands its grains over and leaves the cluster), in seconds.
    /// Default 120; keep Kubernetes' <c>terminationGracePeriodSeconds</c> above it.
    /// </summary>
    public int ShutdownTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// How often a due reminder event that has not fired yet is tried again (its Orleans reminder's period): after a
    /// restart, a reminder that fell due while the server was down fires within this. Default 60 s.
    /// </summary>
    public int ReminderPeriodSeconds { get; set; } = 60;

    /// <summary>
    /// How long a conversation nobody writes to or reads stays in memory (its grain activation) before it is
    /// collected; the next request reads it back from storage. Default 5 minutes; at least 10 seconds.
    /// </summary>
    public TimeSpan ConversationCollectionAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo checks the model registry for a newer model (seconds; default 2).</summary>
    public double ModelSyncIntervalSeconds { get; set; } = 2;

    /// <summary>The Orleans Dashboard (<c>RasaOrleans:Dashboard:Enabled</c>, <c>:Path</c>); off by default.</summary>
    public DashboardSettings Dashboard { get; set; } = new();
}
