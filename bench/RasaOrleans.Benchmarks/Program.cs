using RasaOrleans.Benchmarks;

return args switch
{
    ["turns", .. var rest] => await TurnLatencyBenchmark.RunAsync(rest),
    ["bare", .. var rest] => await BareServer.RunAsync(rest),
    ["throughput", .. var rest] => await ThroughputBenchmark.RunAsync(rest),
    ["memory", .. var rest] => await MemoryBenchmark.RunAsync(rest),
    ["coldstart", .. var rest] => await ColdStartBenchmark.RunAsync(rest),
    _ => TurnWriteBenchmark.Run(args),
};
