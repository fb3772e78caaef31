using RasaOrleans.Server.Cli;

return CommandLine.Run(args);
