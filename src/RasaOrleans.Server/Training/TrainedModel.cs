namespace RasaOrleans.Server.Training;

/// <summary>A model trained by <c>POST /model/train</c>: its file name (<c>&lt;timestamp&gt;.zip</c>), the zip, and where it was saved (null: not saved).</summary>
public sealed record TrainedModel(string FileName, byte[] Zip, string? SavedTo);
