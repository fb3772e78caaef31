using RasaOrleans.PolicyBenchmark;

return PolicyBenchmark.Run(args);
