using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;

namespace RasaOrleans.Server.Inspector;

/// <summary>
/// The conversation inspector at <c>/inspect/</c>: one page (plain HTML, CSS and JavaScript embedded in the server)
/// that reads this server's own API. A controller like the API's, so the same auth filter protects the page and
/// its files: open it as <c>/inspect/?token=&lt;token&gt;</c> when the server has one; the page passes the token
/// on to its files and API calls. <c>/inspect/conversations/{id}</c> opens one conversation directly.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class InspectorController : ControllerBase
{
    /// <summary>Where the inspector is served.</summary>
    public const string BasePath = "/inspect";

    /// <summary>The page (<c>/inspect</c> and <c>/inspect/</c>: routing ignores the slash), for the list and for one conversation.</summary>
    [HttpGet(BasePath)]
    [HttpGet(BasePath + "/conversations/{id}")]
    public IActionResult Page()
    {
        var (text, type) = InspectorAssets.Find(InspectorAssets.IndexFile)!.Value;
        // the page's own files are protected like the page: carry the token it was opened with
        var token = Request.Query.TryGetValue("token", out var t) && t.ToString().Length > 0
            ? "?token=" + HtmlEncoder.Default.Encode(Uri.EscapeDataString(t.ToString()))
            : "";
        return Content(text.Replace("{{TOKEN_QUERY}}", token, StringComparison.Ordinal), type);
    }

    /// <summary>The page's script and style sheet.</summary>
    [HttpGet(BasePath + "/assets/{file}")]
    public IActionResult Asset(string file) =>
        file != InspectorAssets.IndexFile && InspectorAssets.Find(file) is var (text, type)
            ? Content(text, type)
            : Http.JsonError.Result(StatusCodes.Status404NotFound, $"The inspector has no file '{file}'.");
}
