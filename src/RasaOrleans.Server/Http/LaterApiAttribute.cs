namespace RasaOrleans.Server.Http;

/// <summary>
/// Marks a controller or action as one of later Rasa's routes (1.x–3.x): its errors, including 401 and 403, are
/// answered in Rasa 3's shape (<see cref="ApiError"/>) instead of the 0.x <c>{"error": …}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LaterApiAttribute : Attribute;
