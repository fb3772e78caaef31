namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// What the encoder gives for one text: the sentence vector (unit length) and, when asked for, one contextual
/// vector per <see cref="NluToken"/> of the text (null for a token without word pieces).
/// </summary>
internal sealed record EncodedText(float[] Sentence, float[]?[]? Tokens);
