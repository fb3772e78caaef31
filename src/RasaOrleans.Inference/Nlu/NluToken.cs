namespace RasaOrleans.Inference.Nlu;

/// <summary>Characters <c>[Start, End)</c> of a message; a word (letters, digits, underscore) or one other character.</summary>
internal readonly record struct NluToken(int Start, int End, bool IsWord)
{
    public int Length => End - Start;
}
