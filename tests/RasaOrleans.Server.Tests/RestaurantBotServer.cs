namespace RasaOrleans.Server.Tests;

/// <summary>A server for the shipped restaurantbot (dialogue and NLU from its committed model).</summary>
public sealed class RestaurantBotServer() : RasaServerFactory(new Dictionary<string, string?>
{
    ["RasaOrleans:CoreModel"] = ShippedBots.Model("restaurantbot"),
});
