using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RasaOrleans.Grains.Conversations;
using RasaOrleans.Grains.Models;
using RasaOrleans.Server.Hosting;
using RasaOrleans.Server.Http;

namespace RasaOrleans.Server.Controllers;

/// <summary>
/// <c>GET /domain</c> (spec §4.11): the served bot's domain as JSON or YAML, chosen by <c>Accept</c>. Read from
/// this silo's model registry (models are silo-local and read-only; there is no grain state to ask).
/// </summary>
[ApiController]
public sealed class DomainController(BotModels models, IOptions<RasaOrleansOptions> options) : ControllerBase
{
    [HttpGet("/domain")]
    public IActionResult Get()
    {
        var format = DomainNegotiation.Choose(Request.Headers.Accept);
        if (format is null)
        {
            return JsonError.Result(StatusCodes.Status406NotAcceptable, DomainNegotiation.NotAcceptableMessage);
        }

        if (models.Find(options.Value.BotId) is not { } bot)
        {
            return JsonError.Result(StatusCodes.Status503ServiceUnavailable, ConversationGrain.NoAgentMessage);
        }

        var domain = bot.Dialogue.Domain;
        return format == DomainFormat.Yaml
            ? Content(domain.ToPersistedYaml(), DomainNegotiation.YamlContentType)
            : Content(domain.ToJson().ToJsonString(), JsonError.ContentType);
    }
}
