using RasaOrleans.Benchmarks;

return args is ["turns", .. var rest] ? await TurnLatencyBenchmark.RunAsync(rest) : TurnWriteBenchmark.Run(args);
