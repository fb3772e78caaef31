using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RasaOrleans.Server.Logging;

internal sealed class FileLogger(string category, FileLoggerProvider provider) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", logLevel.ToString());
            json.WriteString("category", category);
            json.WriteNumber("eventId", eventId.Id);
            if (!string.IsNullOrEmpty(eventId.Name))
            {
                json.WriteString("eventName", eventId.Name);
            }

            json.WriteString("message", formatter(state, exception));
            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in properties)
                {
                    if (key != "{OriginalFormat}")
                    {
                        WriteValue(json, key, value);
                    }
                }

                json.WriteEndObject();
            }

            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        provider.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ulong or decimal:
                json.WritePropertyName(key);
                json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                break;
            default:
                json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
