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
    public void Later_Rasa_flags_map_to_their_keys_in_either_spelling()
    {
        var ok = RunCommand.TryMapArguments(
            ["--endpoints", "endpoints.yml", "--credentials=credentials.yml", "--jwt_secret", "k", "--jwt-method", "RS256", "-v"],
            out var hostArgs, out _);

        Assert.True(ok);
        Assert.Equal(
            [
                "--RasaOrleans:Endpoints=endpoints.yml", "--RasaOrleans:Credentials=credentials.yml", "--RasaOrleans:JwtSecret=k",
                "--RasaOrleans:JwtMethod=RS256", "--Logging:LogLevel:Default=Information",
            ],
            hostArgs);
    }

    [Fact]
    public void Cors_origins_stop_at_the_next_flag_or_setting()
    {
        var ok = RunCommand.TryMapArguments(["--cors", "*", "--RasaOrleans:Storage=Memory", "-p", "5006"], out var hostArgs, out _);

        Assert.True(ok);
        Assert.Equal(["--RasaOrleans:Port=5006", "--RasaOrleans:CorsOrigins:0=*", "--RasaOrleans:Storage=Memory"], hostArgs);
    }

    [Fact]
    public void Unknown_flags_exit_with_2_without_starting_anything()
    {
        Assert.Equal(CommandLine.UsageError, Run("run", "--bogus").Code);
        Assert.Equal(CommandLine.UsageError, Run("--bogus").Code);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("run", "--help")]
    [InlineData("train", "--help")]
    [InlineData("train", "-h")]
    [InlineData("evaluate", "--help")]
    [InlineData("evaluate", "core", "--help")]
    [InlineData("evaluate", "nlu", "--help")]
    [InlineData("shell", "--help")]
    [InlineData("visualize", "--help")]
    public void Help_on_every_command_goes_to_stdout_and_exits_0(params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains("Options:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_described_in_the_help()
    {
        var run = Run("run", "--help").Output;
        Assert.Contains("dialogue model directory (RasaOrleans:CoreModel)", run, StringComparison.Ordinal);
        Assert.Contains("--auth_token", run, StringComparison.Ordinal);
        Assert.Contains("RasaOrleans:Storage=Memory", run, StringComparison.Ordinal);

        var train = Run("train", "--help").Output;
        Assert.Contains("the model directory to write", train, StringComparison.Ordinal);

        var root = Run("--help").Output;
        foreach (var command in new[] { "run", "train", "evaluate", "shell", "visualize" })
        {
            Assert.Contains($"  {command} ", root, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--out", "train")]
    [InlineData("--bogus", "train", "--out", "x", "--nlu", "n.md", "--bogus")]
    [InlineData("required command", "evaluate")]
    [InlineData("--stories", "evaluate", "core", "--model", "m", "--out", "o")]
    [InlineData("--data", "evaluate", "nlu", "--model", "m")]
    [InlineData("trian", "trian")]
    [InlineData("invalid port", "run", "-p", "not-a-port")]
    [InlineData("--bogus", "shell", "--bogus")]
    [InlineData("not an http(s) URL", "shell", "--url", "localhost")]
    [InlineData("--stories", "visualize", "--out", "graph.html")]
    public void A_mistake_exits_2_with_one_line_naming_it_on_stderr(string named, params string[] args)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(CommandLine.UsageError, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.OrdinalIgnoreCase);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
