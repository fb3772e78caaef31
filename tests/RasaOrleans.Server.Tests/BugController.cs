using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace RasaOrleans.Server.Tests;

/// <summary>A route whose action throws, as a bug would (served only by <see cref="FailingRouteServer"/>).</summary>
[ApiController]
[AllowAnonymous]
public sealed class BugController : ControllerBase
{
    [HttpGet("/test/bug")]
    public IActionResult Fail() => throw new InvalidOperationException("simulated bug");
}
