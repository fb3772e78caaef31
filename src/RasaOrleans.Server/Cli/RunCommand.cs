using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>run</c>: starts the server (one Orleans silo co-hosted with the HTTP API). Rasa Core's server flags are
/// mapped to <c>RasaOrleans:*</c> configuration keys; <c>--Key=Value</c> arguments pass through to the host
/// configuration unchanged (as ASP.NET Core hosts accept them), after the mapped flags, so an explicit key wins.
/// </summary>
public static class RunCommand
{
    private const string CorsName = "--cors";
    private const string VerboseName = "--verbose";
    private const string DebugName = "--debug";
    private const string SettingsName = "--Key=Value";

    /// <summary>Rasa's value flags and the <c>RasaOrleans:*</c> key each one sets.</summary>
    private static readonly (string Key, string[] Names, string Value, string Description)[] ValueFlags =
    [
        (nameof(RasaOrleansOptions.CoreModel), ["--core", "-d"], "DIR", "dialogue model directory"),
        (nameof(RasaOrleansOptions.NluModel), ["--nlu", "-u"], "DIR", "NLU model: its folder, or a model directory with nlu/; alone (no -d): NLU routes only"),
        (nameof(RasaOrleansOptions.Port), ["--port", "-p"], "PORT", "HTTP port [default: 5005]"),
        (nameof(RasaOrleansOptions.LogFile), ["--log_file", "-o"], "FILE", "also write logs to FILE, one JSON object per line"),
        (nameof(RasaOrleansOptions.AuthToken), ["--auth_token"], "TOKEN", "require ?token=TOKEN (or a Bearer header) on protected routes"),
        (nameof(RasaOrleansOptions.DataDirectory), ["--data"], "DIR", "data directory (SQLite store, trained NLU models) [default: ./data]"),
        (nameof(RasaOrleansOptions.Endpoints), ["--endpoints"], "FILE", "Rasa's endpoints file (action_endpoint for custom actions)"),
        (nameof(RasaOrleansOptions.Credentials), ["--credentials"], "FILE", "Rasa's credentials file (the channels)"),
        (nameof(RasaOrleansOptions.JwtSecret), ["--jwt-secret", "--jwt_secret"], "SECRET", "JWT secret (HS256) or public key (RS256) tokens must verify with"),
        (nameof(RasaOrleansOptions.JwtMethod), ["--jwt-method", "--jwt_method"], "METHOD", "JWT signing method: HS256 or RS256 [default: HS256]"),
    ];

    /// <summary>The <c>run</c> command: its options, described, and the action that starts the host.</summary>
    internal static Command Create()
    {
        var command = new Command("run", "Serve the Rasa Core HTTP API (the default command).");
        var cors = new Option<string[]>(CorsName)
        {
            Description = $"allowed CORS origins, * for all ({Key(nameof(RasaOrleansOptions.CorsOrigins))})",
            HelpName = "ORIGIN",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var verbose = new Option<bool>(VerboseName, "-v") { Description = "log level Information (Logging:LogLevel:Default)" };
        var debug = new Option<bool>(DebugName) { Description = "log level Debug (Logging:LogLevel:Default)" };
        var settings = new Argument<string[]>(SettingsName)
        {
            Description = "any configuration key, e.g. --RasaOrleans:Storage=Memory (see the README's configuration table)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        foreach (var flag in ValueFlags)
        {
            command.Add(FlagOption(flag.Key, flag.Names, flag.Value, flag.Description));
        }

        command.Add(cors);
        command.Add(verbose);
        command.Add(debug);
        command.Add(settings);
        command.Validators.Add(result =>
        {
            if (Map(result.GetValue(cors) ?? [], result.GetValue(settings) ?? []).Error is { } error)
            {
                result.AddError(error);
            }
        });
        command.SetAction(parsed => Serve(HostArguments(parsed)));
        return command;
    }

    /// <summary>
    /// Turns the command line of <c>run</c> into host arguments. False with a null <paramref name="error"/>
    /// means help was asked for; false with an error is a usage mistake (exit code 2).
    /// </summary>
    public static bool TryMapArguments(string[] args, out string[] hostArgs, out string? error)
    {
        var parsed = CommandLine.Parse(["run", .. args]);
        hostArgs = [];
        error = CommandLine.UsageMistake(parsed);
        if (error is not null || parsed.Action is HelpAction)
        {
            return false;
        }

        hostArgs = HostArguments(parsed);
        return true;
    }

    /// <summary>The host arguments of a parsed <c>run</c>: the mapped flags, then the CORS origins, then the pass-through settings.</summary>
    private static string[] HostArguments(ParseResult parsed)
    {
        var hostArgs = new List<string>();
        foreach (var flag in ValueFlags)
        {
            if (parsed.GetValue<string>(flag.Names[0]) is { } value)
            {
                hostArgs.Add($"--{Key(flag.Key)}={value}");
            }
        }

        var debug = parsed.GetValue<bool>(DebugName);
        if (debug || parsed.GetValue<bool>(VerboseName))
        {
            hostArgs.Add($"--Logging:LogLevel:Default={(debug ? "Debug" : "Information")}");
        }

        var (origins, passThrough, _) = Map(parsed.GetValue<string[]>(CorsName) ?? [], parsed.GetValue<string[]>(SettingsName) ?? []);
        hostArgs.AddRange(origins.Select((origin, i) => $"--{Key(nameof(RasaOrleansOptions.CorsOrigins))}:{i}={origin}"));
        hostArgs.AddRange(passThrough);
        return [.. hostArgs];
    }

    private static int Serve(string[] hostArgs)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        try
        {
            builder.AddRasaServer();
        }
        catch (ConfigurationFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        var app = builder.Build();
        app.MapRasaServer();
        app.Run();
        return 0;
    }

    private static Option<string> FlagOption(string key, string[] names, string value, string description)
    {
        var option = new Option<string>(names[0], names[1..])
        {
            Description = $"{description} ({Key(key)})",
            HelpName = value,
        };
        if (key == nameof(RasaOrleansOptions.Port))
        {
            option.Validators.Add(result =>
            {
                var text = result.GetValueOrDefault<string>();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                {
                    result.AddError($"argument {result.IdentifierToken?.Value ?? names[0]}: invalid port '{text}'");
                }
            });
        }

        return option;
    }

    /// <summary>
    /// Splits what <c>--cors</c> swallowed from what follows it (Rasa's <c>--cors [origins ...]</c> stops at the
    /// next flag; the parser cannot hand tokens back from an option), and checks the pass-through settings.
    /// </summary>
    private static (List<string> Origins, List<string> PassThrough, string? Error) Map(string[] cors, string[] settings)
    {
        var origins = cors.TakeWhile(c => !c.StartsWith('-')).ToList();
        var passThrough = cors.Skip(origins.Count).Concat(settings).ToList();
        var wrong = passThrough.FirstOrDefault(s => !IsSetting(s));
        return (origins, passThrough, wrong is null ? null : $"unrecognized argument: {wrong}");
    }

    private static bool IsSetting(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) > 2;

    private static string Key(string name) => $"{RasaOrleansOptions.SectionName}:{name}";
}
