namespace RasaOrleans.Core.Stories;

/// <summary>What one read of a story file or folder accumulates: steps, warnings, generated names.</summary>
internal sealed class StoryReadContext(IReadOnlyDictionary<string, string>? templateVariables)
{
    private int _generated;

    public IReadOnlyDictionary<string, string> TemplateVariables { get; } =
        templateVariables ?? new Dictionary<string, string>();

    public List<StoryStep> Steps { get; } = [];

    public List<string> Warnings { get; } = [];

    public int BlockCount { get; set; }

    public string NextOrCheckpointName() => Checkpoint.GeneratedOrPrefix + (++_generated);

    public void Warn(string message, string? file, int? line) =>
        Warnings.Add(new RasaFormatException(message, file, line).Message);

    public StoryGraph ToGraph() => new(Steps, Warnings, BlockCount);
}
