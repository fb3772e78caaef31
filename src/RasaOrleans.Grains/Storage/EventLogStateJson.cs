using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RasaOrleans.Grains.Storage;

/// <summary>
/// The JSON of a state's head row in the event-log storages: the state's public properties by name, no type
/// metadata, and for an <see cref="IEventLogState"/> neither the log nor its generation, which have their own
/// table and column; keeping them out is what keeps the head row small.
/// </summary>
public static class EventLogStateJson
{
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.General)
    {
        // a null property reads back as null from a missing one: leave it out, the row is written every turn
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEventLog } },
    };

    /// <summary>
    /// A stored state from its head row's JSON; an <see cref="IEventLogState"/> gets its generation and the log
    /// that <paramref name="readEvents"/> reads.
    /// </summary>
    public static async Task<T> RestoreAsync<T>(JsonSerializerOptions json, string payload, long? generation,
        Func<Task<List<string>>> readEvents, string stateName, string key)
    {
        var state = JsonSerializer.Deserialize<T>(payload, json)
            ?? throw new InvalidOperationException($"Stored state '{stateName}' of {key} is JSON null.");
        if (state is IEventLogState log)
        {
            log.Generation = generation ?? 0;
            log.Events = await readEvents();
        }

        return state;
    }

    private static void LeaveOutEventLog(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !typeof(IEventLogState).IsAssignableFrom(typeInfo.Type))
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].AttributeProvider is PropertyInfo { Name: nameof(IEventLogState.Events) or nameof(IEventLogState.Generation) })
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}
