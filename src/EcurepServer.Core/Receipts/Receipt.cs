using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// The record of one delivered upload, written as one JSON line. <see cref="Route"/> is null only in receipts
/// written before routing existed; <see cref="FileNameRouter.RouteOf"/> gives their route from the name.
/// </summary>
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
    DateTimeOffset CompletedUtc,
    Route? Route = null);
