using RasaOrleans.Core.Nlu;

namespace RasaOrleans.NluBenchmark;

/// <summary>One train/test split of a corpus, in the project's training-data form.</summary>
internal sealed record BenchmarkSplit(string Name, NluTrainingData Train, IReadOnlyList<NluExample> Test);
