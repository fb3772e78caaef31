namespace RasaOrleans.Server.Postgres;

/// <summary>One schema script: its file name (e.g. <c>02-clustering.sql</c>) and its text.</summary>
public sealed record SchemaScript(string Name, string Sql);
