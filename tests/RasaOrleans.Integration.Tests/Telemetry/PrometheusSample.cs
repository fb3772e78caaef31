namespace RasaOrleans.Integration.Tests.Telemetry;

/// <summary>One element of a Prometheus instant query's answer: its labels and its value.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";

    public override string ToString() =>
        "{" + string.Join(", ", Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "} " + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
