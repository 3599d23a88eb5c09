namespace EcurepServer.Dialects;

/// <summary>A dialect file that is missing or does not say what the engine understands; the message names the file and key.</summary>
public sealed class DialectLoadException(string message) : Exception(message);
