using System.Net;
using Microsoft.Extensions.Configuration;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Tests;

public sealed class ClusterSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Localhost_defaults_need_no_database()
    {
        var settings = ClusterSettings.Resolve(new RasaOrleansOptions(), Config());
        Assert.Equal(ClusterMode.Localhost, settings.Mode);
        Assert.Equal(ClusterSettings.DefaultClusterId, settings.ClusterId);
        Assert.Equal(ClusterSettings.DefaultServiceId, settings.ServiceId);
        Assert.False(settings.UsesPostgres);
        Assert.Null(settings.AdvertisedIP);
    }

    [Fact]
    public void Kubernetes_environment_names_the_cluster_the_address_and_the_silo()
    {
        var options = new RasaOrleansOptions { Cluster = ClusterMode.AdoNet, Storage = StorageProvider.Postgres };
        var settings = ClusterSettings.Resolve(options, Config(
            ("ConnectionStrings:orleans", "Host=db"), ("ORLEANS_CLUSTER_ID", "prod"), ("ORLEANS_SERVICE_ID", "rasa"),
            ("POD_IP", "10.1.2.3"), ("POD_NAME", "rasa-orleans-7f9c")));
        Assert.Equal("prod", settings.ClusterId);
        Assert.Equal("rasa", settings.ServiceId);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedIP);
        Assert.Equal("rasa-orleans-7f9c", settings.SiloName);
        Assert.Equal("Host=db", settings.PostgresConnectionString);
    }

    [Fact]
    public void Explicit_settings_win_over_the_environment()
    {
        var options = new RasaOrleansOptions
        {
            Cluster = ClusterMode.AdoNet, Storage = StorageProvider.Postgres, ClusterId = "blue", ServiceId = "svc",
            AdvertisedIP = "127.0.0.1", PostgresConnectionString = "Host=explicit",
        };
        var settings = ClusterSettings.Resolve(options, Config(
            ("ConnectionStrings:orleans", "Host=db"), ("ORLEANS_CLUSTER_ID", "prod"), ("ORLEANS_SERVICE_ID", "rasa"), ("POD_IP", "10.1.2.3")));
        Assert.Equal("blue", settings.ClusterId);
        Assert.Equal("svc", settings.ServiceId);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedIP);
        Assert.Equal("Host=explicit", settings.PostgresConnectionString);
    }

    [Fact]
    public void AdoNet_without_a_connection_string_is_refused_with_the_keys_to_set()
    {
        var options = new RasaOrleansOptions { Cluster = ClusterMode.AdoNet, Storage = StorageProvider.Postgres };
        var error = Assert.Throws<InvalidOperationException>(() => ClusterSettings.Resolve(options, Config()));
        Assert.Contains("ConnectionStrings:orleans", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AdoNet_with_the_per_silo_sqlite_store_is_refused()
    {
        var options = new RasaOrleansOptions { Cluster = ClusterMode.AdoNet, PostgresConnectionString = "Host=db" };
        var error = Assert.Throws<InvalidOperationException>(() => ClusterSettings.Resolve(options, Config()));
        Assert.Contains("Storage=Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pod_ip_that_is_not_an_address_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ClusterSettings.Resolve(new RasaOrleansOptions(), Config(("POD_IP", "not-an-ip"))));
    }
}
