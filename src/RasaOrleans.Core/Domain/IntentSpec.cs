namespace RasaOrleans.Core.Domain;

/// <summary>
/// An intent of the domain and which of a message's entities are featurised with it.
/// 0.10 form: <c>{greet: {use_entities: false}}</c>; later Rasa: <c>use_entities: [a, b]</c> or
/// <c>ignore_entities: [c]</c>. A plain <c>- greet</c> uses all entities.
/// </summary>
public sealed record IntentSpec(
    string Name,
    bool UseEntities = true,
    IReadOnlyList<string>? UsedEntities = null,
    IReadOnlyList<string>? IgnoredEntities = null)
{
    /// <summary>True when any entity of a message with this intent is featurised.</summary>
    public bool UsesAnyEntity => UseEntities && UsedEntities is not { Count: 0 };

    /// <summary>True when <paramref name="entity"/> of a message with this intent is featurised.</summary>
    public bool UsesEntity(string entity) =>
        UseEntities
        && (UsedEntities is null || UsedEntities.Contains(entity))
        && (IgnoredEntities is null || !IgnoredEntities.Contains(entity));

    /// <summary>True when the intent is written as a plain name (all entities used).</summary>
    public bool IsDefault => UseEntities && UsedEntities is null && IgnoredEntities is null;
}
