using EcurepServer.Core.Routing;

namespace EcurepServer.Core.Receipts;

/// <summary>
/// The record of one delivered upload, written as one JSON line. <see cref="Route"/> is null only in receipts
/// written before routing existed; <see cref="FileNameRouter.RouteOf"/> gives their route from the name.
/// <see cref="StoredPath"/> is where the file is kept, relative to the data directory
/// (<c>uploads/toibm/&lt;product&gt;/&lt;account folder&gt;/&lt;name&gt;</c>); it is null only in receipts written
/// before each account got a folder of its own, whose file is <c>uploads/toibm/&lt;product&gt;/&lt;name&gt;</c>.
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
    Route? Route = null,
    string? StoredPath = null);
