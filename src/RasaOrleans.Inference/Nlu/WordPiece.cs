namespace RasaOrleans.Inference.Nlu;

/// <summary>One word piece: its vocabulary number and the characters <c>[Start, End)</c> of the text it stands for.</summary>
internal readonly record struct WordPiece(int Id, int Start, int End);
