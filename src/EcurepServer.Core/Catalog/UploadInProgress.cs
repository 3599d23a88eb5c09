namespace EcurepServer.Core.Catalog;

/// <summary>An upload not delivered yet: who sends it, through which front door, and how many bytes it holds so far.</summary>
public sealed record UploadInProgress(
    string SessionId,
    string Site,
    string Protocol,
    string Account,
    bool Anonymous,
    string ClientAddress,
    string Path,
    long Bytes,
    DateTimeOffset StartedUtc);
