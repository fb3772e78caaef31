namespace RasaOrleans.Core.Training;

/// <summary>One file of a training request: the name to write it under (its extension picks the reader) and its text.</summary>
public sealed record TrainingPart(string FileName, string Text);
