namespace EcurepServer.Core.Catalog;

/// <summary>
/// A session connected to one node, as the catalog keeps it so that every node lists it: its door, client, account once
/// logged in (null before) and start. <see cref="NodeId"/> is the node that holds it and renews its lease.
/// </summary>
public sealed record ConnectedSession(
    string SessionId,
    string NodeId,
    string Site,
    string Protocol,
    string ClientAddress,
    string? Account,
    bool Anonymous,
    DateTimeOffset StartedUtc);
