using System.Globalization;
using RasaOrleans.Server.Hosting;

namespace RasaOrleans.Server.Cli;

/// <summary>
/// <c>run</c>: starts the server (one Orleans silo co-hosted with the HTTP API). Rasa Core's server flags are
/// mapped to <c>RasaOrleans:*</c> configuration keys; <c>--key=value</c> arguments pass through to the host
/// configuration unchanged (as ASP.NET Core hosts accept them).
/// </summary>
public static class RunCommand
{
    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["-d"] = nameof(RasaOrleansOptions.CoreModel),
        ["--core"] = nameof(RasaOrleansOptions.CoreModel),
        ["-u"] = nameof(RasaOrleansOptions.NluModel),
        ["--nlu"] = nameof(RasaOrleansOptions.NluModel),
        ["-p"] = nameof(RasaOrleansOptions.Port),
        ["--port"] = nameof(RasaOrleansOptions.Port),
        ["-o"] = nameof(RasaOrleansOptions.LogFile),
        ["--log_file"] = nameof(RasaOrleansOptions.LogFile),
        ["--auth_token"] = nameof(RasaOrleansOptions.AuthToken),
        ["--data"] = nameof(RasaOrleansOptions.DataDirectory),
        ["--endpoints"] = nameof(RasaOrleansOptions.Endpoints),
        ["--credentials"] = nameof(RasaOrleansOptions.Credentials),
        ["--jwt-secret"] = nameof(RasaOrleansOptions.JwtSecret),
        ["--jwt_secret"] = nameof(RasaOrleansOptions.JwtSecret),
        ["--jwt-method"] = nameof(RasaOrleansOptions.JwtMethod),
        ["--jwt_method"] = nameof(RasaOrleansOptions.JwtMethod),
    };

    /// <summary>Parses the flags, then builds and runs the host until it is stopped.</summary>
    public static int Run(string[] args)
    {
        if (!TryMapArguments(args, out var hostArgs, out var error))
        {
            if (error is not null)
            {
                Console.Error.WriteLine($"error: {error}");
                PrintUsage(Console.Error);
                return CommandLine.UsageError;
            }

            PrintUsage(Console.Out);
            return 0;
        }

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

    /// <summary>
    /// Turns the command line into host arguments. False with a null <paramref name="error"/> means help was asked for.
    /// </summary>
    public static bool TryMapArguments(string[] args, out string[] hostArgs, out string? error)
    {
        var mapped = new List<string>();
        var cors = new List<string>();
        hostArgs = [];
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var (flag, inlineValue) = Split(args[i]);
            if (flag is "-h" or "--help")
            {
                return false;
            }

            if (ValueFlags.TryGetValue(flag, out var key))
            {
                var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : null);
                if (value is null)
                {
                    error = $"argument {flag}: expected one argument";
                    return false;
                }

                if (key == nameof(RasaOrleansOptions.Port) && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    error = $"argument {flag}: invalid port '{value}'";
                    return false;
                }

                mapped.Add($"--{RasaOrleansOptions.SectionName}:{key}={value}");
            }
            else if (flag == "--cors")
            {
                // like Rasa's `--cors [origins ...]`: every following argument that is not a flag
                if (inlineValue is not null)
                {
                    cors.Add(inlineValue);
                }

                while (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                {
                    cors.Add(args[++i]);
                }
            }
            else if (flag is "-v" or "--verbose" or "--debug" && inlineValue is null)
            {
                mapped.Add($"--Logging:LogLevel:Default={(flag == "--debug" ? "Debug" : "Information")}");
            }
            else if (flag.StartsWith("--", StringComparison.Ordinal) && inlineValue is not null)
            {
                mapped.Add(args[i]);
            }
            else
            {
                error = $"unrecognized argument: {args[i]}";
                return false;
            }
        }

        for (var c = 0; c < cors.Count; c++)
        {
            mapped.Add($"--{RasaOrleansOptions.SectionName}:{nameof(RasaOrleansOptions.CorsOrigins)}:{c}={cors[c]}");
        }

        hostArgs = [.. mapped];
        return true;
    }

    /// <summary>Prints the options of <c>run</c>.</summary>
    public static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: RasaOrleans.Server run [-d DIR] [-u DIR] [-p PORT] [-o LOG_FILE] [--auth_token TOKEN]");
        writer.WriteLine("                              [--cors [ORIGIN ...]] [--data DIR] [-v] [--debug] [--Key=Value ...]");
        writer.WriteLine();
        writer.WriteLine("  -d, --core DIR          dialogue model directory            (RasaOrleans:CoreModel)");
        writer.WriteLine("  -u, --nlu DIR           NLU model (its folder, or a model   (RasaOrleans:NluModel)");
        writer.WriteLine("                          dir with nlu/); alone: NLU routes only");
        writer.WriteLine("  -p, --port PORT         HTTP port, default 5005             (RasaOrleans:Port)");
        writer.WriteLine("  -o, --log_file FILE     also write logs to FILE, one JSON line per entry (RasaOrleans:LogFile)");
        writer.WriteLine("  --auth_token TOKEN      require ?token=TOKEN                (RasaOrleans:AuthToken)");
        writer.WriteLine("  --cors [ORIGIN ...]     allowed CORS origins, * for all     (RasaOrleans:CorsOrigins)");
        writer.WriteLine("  --data DIR              data directory, default ./data      (RasaOrleans:DataDirectory)");
        writer.WriteLine("  -v, --verbose, --debug  log level Information / Debug");
        writer.WriteLine("  --Key=Value             any configuration key, e.g. --RasaOrleans:Storage=Memory");
    }

    private static (string Flag, string? Value) Split(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }
}
