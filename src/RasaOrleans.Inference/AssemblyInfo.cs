namespace RasaOrleans.Inference;

/// <summary>Marks the assembly; ML.NET training and inference live in the feature folders.</summary>
internal static class AssemblyInfo
{
}
