namespace RasaOrleans.Inference.Nlu;

/// <summary>The names of the intent classifier's model families (<see cref="NluPipelineSettings.IntentClassifier"/>).</summary>
public static class IntentClassifiers
{
    /// <summary>Multinomial logistic regression (maximum entropy); the only family of models trained before the setting existed.</summary>
    public const string MaxEnt = "maxent";

    /// <summary>One-vs-rest least squares towards 1/0 (a regularized linear perceptron).</summary>
    public const string Squared = "squared";

    /// <summary>One-vs-rest squared hinge (a linear support vector machine).</summary>
    public const string Hinge = "hinge";

    /// <summary>One-vs-rest logistic regression.</summary>
    public const string Logistic = "logistic";

    /// <summary>Every family name.</summary>
    public static IReadOnlyList<string> Names { get; } = [MaxEnt, Squared, Hinge, Logistic];
}
