namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// An entity found in a message: characters <c>[Start, End)</c>, its value (the text, or the synonym's value),
/// the entity type, the extractor's confidence where it has one, the extractor's name, and the processors that
/// changed it (<c>ner_synonyms</c>).
/// </summary>
public sealed record ExtractedEntity(
    int Start,
    int End,
    string Value,
    string Entity,
    double? Confidence,
    string Extractor,
    IReadOnlyList<string>? Processors = null);
