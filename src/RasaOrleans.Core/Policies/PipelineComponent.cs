using System.Text.Json.Nodes;

namespace RasaOrleans.Core.Policies;

/// <summary>One NLU pipeline component (<c>- name: ner_crf</c>) with its other keys as written.</summary>
public sealed record PipelineComponent(string Name, IReadOnlyDictionary<string, JsonNode?> Settings);
