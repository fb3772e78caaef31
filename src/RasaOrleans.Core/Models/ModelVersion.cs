using System.Reflection;

namespace RasaOrleans.Core.Models;

/// <summary>Versions this build speaks and writes.</summary>
public static class ModelVersion
{
    /// <summary>The Rasa Core release whose HTTP behaviour and formats this server matches.</summary>
    public const string RasaCore = "0.10.4";

    /// <summary>This assembly's informational version, as written into models.</summary>
    public static string RasaOrleans { get; } =
        typeof(ModelVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
