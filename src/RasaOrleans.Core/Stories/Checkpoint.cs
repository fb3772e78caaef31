using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Stories;

/// <summary>
/// A named joint between story steps (spec §10.1, §10.3). On a start checkpoint, <see cref="Conditions"/> are the
/// slot values a tracker must have to continue here; end checkpoints carry no conditions.
/// </summary>
public sealed record Checkpoint(string Name, JsonObject? Conditions = null)
{
    /// <summary>The implicit checkpoint at the beginning of every conversation.</summary>
    public const string StoryStart = "STORY_START";

    /// <summary>Prefix of the checkpoints the reader invents to join <c>OR</c> alternatives.</summary>
    public const string GeneratedOrPrefix = "GENR_OR_";
}
