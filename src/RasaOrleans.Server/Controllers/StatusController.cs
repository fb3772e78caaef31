using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace RasaOrleans.Server.Controllers;

/// <summary><c>GET /</c> and <c>GET /version</c>: never authenticated (spec §4.1, §4.2).</summary>
[ApiController]
[AllowAnonymous]
public sealed class StatusController : ControllerBase
{
    /// <summary>Plain text greeting with the Rasa Core version.</summary>
    [HttpGet("/")]
    public ContentResult Hello() => Content($"hello from Rasa Core: {RasaVersion.Current}", "text/plain; charset=utf-8");

    /// <summary>The Rasa Core version as JSON.</summary>
    [HttpGet("/version")]
    public VersionResponse GetVersion() => new(RasaVersion.Current);
}
