using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using RasaOrleans.Core.Events;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>GET /cluster/models</c>: the model registry's current version of every slot, what this silo serves, and
/// what every silo last reported serving (each silo reports on every registry sync, so a report older than a
/// few sync intervals is a silo that stopped).
/// </summary>
[ApiController]
public sealed class ClusterModelsController(ModelRegistry registry) : ControllerBase
{
    [HttpGet("/cluster/models")]
    public async Task<IActionResult> Get(CancellationToken cancellationToken)
    {
        var (models, silos) = await registry.DescribeAsync(cancellationToken);
        var body = new JsonObject
        {
            ["models"] = new JsonArray([.. models.Select(m => (JsonNode)new JsonObject
            {
                ["slot"] = m.Slot,
                ["version"] = m.Version,
                ["fingerprint"] = m.Fingerprint,
                ["source"] = m.Source,
                ["created"] = m.CreatedUtc.ToString("O", CultureInfo.InvariantCulture),
            })]),
            ["this_silo"] = new JsonObject { ["silo"] = registry.SiloName, ["serving"] = Serving(registry.Serving) },
            ["silos"] = new JsonArray([.. silos.Select(s => (JsonNode)new JsonObject
            {
                ["silo"] = s.Silo,
                ["serving"] = Serving(s.Serving),
                ["updated"] = s.UpdatedUtc.ToString("O", CultureInfo.InvariantCulture),
            })]),
        };
        return Content(JsonText.Write(body), JsonError.ContentType);
    }

    /// <summary>What a silo serves as JSON: slot → fingerprint, in slot order (also <c>GET /status</c>'s <c>serving</c>).</summary>
    public static JsonObject Serving(IReadOnlyDictionary<string, string> serving) =>
        new([.. serving.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]);
}
