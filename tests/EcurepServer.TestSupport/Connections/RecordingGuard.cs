using System.Net;
using EcurepServer.Connections;

namespace EcurepServer.TestSupport.Connections;

/// <summary>
/// A defender that bans the given addresses and records what the engine reports. Compiled into the engine test
/// projects that link it (they see EcurepServer.Connections through their engine), not into TestSupport.
/// </summary>
internal sealed class RecordingGuard(params IPAddress[] banned) : IClientGuard
{
    private readonly List<(IPAddress Address, ClientOffence Offence)> _reports = [];

    public IReadOnlyList<(IPAddress Address, ClientOffence Offence)> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public bool Admits(IPAddress address) => !banned.Contains(address);

    public void Report(IPAddress address, ClientOffence offence)
    {
        lock (_reports)
        {
            _reports.Add((address, offence));
        }
    }
}
