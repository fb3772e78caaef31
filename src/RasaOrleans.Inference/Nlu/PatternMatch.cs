namespace RasaOrleans.Inference.Nlu;

/// <summary>A regex or lookup-table hit covering tokens <c>[FirstToken, EndToken)</c>.</summary>
internal readonly record struct PatternMatch(int Pattern, int FirstToken, int EndToken);
