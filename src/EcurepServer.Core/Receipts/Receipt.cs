namespace EcurepServer.Core.Receipts;

/// <summary>The record of one delivered upload, written as one JSON line.</summary>
public sealed record Receipt(
    string Path,
    long Size,
    string Sha256,
    string Account,
    bool Anonymous,
    string Site,
    string Protocol,
    string ClientAddress,
    string SessionId,
    DateTimeOffset StartedUtc,
    DateTimeOffset CompletedUtc);
