using RasaOrleans.Server.Cli;

namespace RasaOrleans.Server.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Rasa_server_flags_map_to_RasaOrleans_keys()
    {
        var ok = RunCommand.TryMapArguments(
            ["-d", "models/dialogue", "-u", "models/nlu", "-p", "5099", "-o", "out.log", "--auth_token", "s3cret",
             "--cors", "http://a", "http://b", "--data", "/tmp/d", "--debug"],
            out var hostArgs, out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(
            [
                "--RasaOrleans:CoreModel=models/dialogue", "--RasaOrleans:NluModel=models/nlu", "--RasaOrleans:Port=5099",
                "--RasaOrleans:LogFile=out.log", "--RasaOrleans:AuthToken=s3cret", "--RasaOrleans:DataDirectory=/tmp/d",
                "--Logging:LogLevel:Default=Debug", "--RasaOrleans:CorsOrigins:0=http://a", "--RasaOrleans:CorsOrigins:1=http://b",
            ],
            hostArgs);
    }

    [Fact]
    public void Long_flags_accept_an_inline_value_and_host_settings_pass_through()
    {
        var ok = RunCommand.TryMapArguments(["--port=6000", "--environment=Testing", "--RasaOrleans:Storage=Memory"], out var hostArgs, out _);

        Assert.True(ok);
        Assert.Equal(["--RasaOrleans:Port=6000", "--environment=Testing", "--RasaOrleans:Storage=Memory"], hostArgs);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-x")]
    [InlineData("trian")]
    [InlineData("-p", "not-a-port")]
    [InlineData("-d")]
    public void Unknown_or_malformed_arguments_are_a_usage_error(params string[] args)
    {
        Assert.False(RunCommand.TryMapArguments(args, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Unknown_flags_exit_with_2_without_starting_anything()
    {
        Assert.Equal(CommandLine.UsageError, CommandLine.Run(["run", "--bogus"]));
        Assert.Equal(CommandLine.UsageError, CommandLine.Run(["--bogus"]));
    }

    [Fact]
    public void Help_prints_usage_and_exits_0()
    {
        Assert.Equal(0, CommandLine.Run(["--help"]));
        Assert.Equal(0, CommandLine.Run(["run", "--help"]));
    }
}
