namespace RasaOrleans.Core.Domain;

/// <summary>A button of an utter template: the label shown and the message sent when it is pressed.</summary>
public sealed record TemplateButton(string Title, string Payload);
