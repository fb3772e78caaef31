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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutEventLog } },
    };

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
