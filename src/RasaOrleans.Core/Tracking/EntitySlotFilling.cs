using System.Text.Json.Nodes;
using RasaOrleans.Core.Domain;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Tracking;

/// <summary>
/// The slot events a user message implies (spec §5.1 step 4, 0.9+ rule): for each slot, in slot-name order,
/// whose name equals an entity of the message — a list slot collects every matching value, any other slot takes
/// the last one. Nothing when the domain's <c>store_entities_as_slots</c> is false.
/// </summary>
public static class EntitySlotFilling
{
    public static List<SlotSet> SlotEventsFor(DomainSpec domain, JsonObject parseData, double timestamp)
    {
        var events = new List<SlotSet>();
        if (!domain.StoreEntitiesAsSlots || parseData["entities"] is not JsonArray entities || entities.Count == 0)
        {
            return events;
        }

        foreach (var slot in domain.Slots.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var values = new List<JsonNode?>();
            foreach (var entity in entities)
            {
                if (entity is JsonObject e && e["entity"] is JsonValue name && name.TryGetValue<string>(out var n) && n == slot.Name)
                {
                    values.Add(e["value"]?.DeepClone());
                }
            }

            if (values.Count == 0)
            {
                continue;
            }

            JsonNode? value = slot.TypeKey == "list" ? new JsonArray([.. values]) : values[^1];
            events.Add(new SlotSet(slot.Name, value) { Timestamp = timestamp });
        }

        return events;
    }
}
