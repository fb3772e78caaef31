using System.Text;
using RasaOrleans.Core.Events;

namespace RasaOrleans.Core.Policies;

/// <summary>
/// The dialogue state at one point of a conversation (spec §11.1): active features with their values, ordered
/// by name. Two states are equal when they have the same features and values.
/// </summary>
public sealed class DialogueState : IEquatable<DialogueState>
{
    private readonly SortedDictionary<string, double> _features;

    public DialogueState(IEnumerable<KeyValuePair<string, double>> features)
    {
        _features = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in features)
        {
            _features[name] = value;
        }
    }

    public static DialogueState Empty { get; } = new([]);

    public IReadOnlyDictionary<string, double> Features => _features;

    public bool Equals(DialogueState? other) =>
        other is not null && other._features.Count == _features.Count &&
        _features.All(f => other._features.TryGetValue(f.Key, out var v) && v.Equals(f.Value));

    public override bool Equals(object? obj) => obj is DialogueState other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in _features)
        {
            hash.Add(name);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Rasa's memoization key text for a window of states: <c>json.dumps(states, sort_keys=True)</c> with the
    /// quotes removed, e.g. <c>[null, {}, {intent_greet: 1.0, prev_action_listen: 1.0}]</c>.
    /// </summary>
    public static string KeyOf(IReadOnlyList<DialogueState?> window)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < window.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            if (window[i] is not { } state)
            {
                sb.Append("null");
                continue;
            }

            sb.Append('{');
            var first = true;
            foreach (var (name, value) in state._features)
            {
                if (!first)
                {
                    sb.Append(", ");
                }

                first = false;
                sb.Append(name).Append(": ").Append(JsonFloat.Format(value));
            }

            sb.Append('}');
        }

        return sb.Append(']').ToString();
    }

    public override string ToString() => KeyOf([this]);
}
