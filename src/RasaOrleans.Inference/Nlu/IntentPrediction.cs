namespace RasaOrleans.Inference.Nlu;

/// <summary>An intent name with the classifier's confidence (0 to 1).</summary>
public sealed record IntentPrediction(string Name, double Confidence);
