namespace RasaOrleans.Core.Nlu;

/// <summary>A named regular expression that featurizers can test messages against.</summary>
public sealed record RegexFeature(string Name, string Pattern);
