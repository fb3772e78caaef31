namespace RasaOrleans.Server.Cli.Shell;

/// <summary>The bot could not answer a message (a remote server's error answer); the shell says so and goes on.</summary>
internal sealed class ShellBotException(string message) : Exception(message);
