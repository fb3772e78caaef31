using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Domain;

/// <summary>One message the bot sends while the server runs actions: a rendered template or an action server's response.</summary>
public interface IBotOutput
{
    /// <summary>The 0.10 <c>/respond</c> list element.</summary>
    JsonObject ToRespondJson();

    /// <summary>The message as Rasa's channels send it (the REST channel's list element).</summary>
    JsonObject ToChannelJson();

    /// <summary>The <c>text</c> of the <c>bot</c> event logged for this message.</summary>
    string? EventText { get; }

    /// <summary>The <c>data</c> of the <c>bot</c> event.</summary>
    JsonObject? EventData { get; }
}
