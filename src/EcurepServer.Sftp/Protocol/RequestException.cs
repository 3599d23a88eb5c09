namespace EcurepServer.Sftp.Protocol;

/// <summary>A request that cannot be decoded; answered with a status, the session goes on.</summary>
internal sealed class RequestException(StatusCode code, string message) : Exception(message)
{
    public StatusCode Code { get; } = code;

    public static RequestException Truncated() => new(StatusCode.BadMessage, "The request is shorter than its fields say.");
}
