using RasaOrleans.Benchmarks;

return TurnWriteBenchmark.Run(args);
