using System.Net;
using System.Net.Sockets;
using EcurepServer.Settings;

namespace EcurepServer.Hosting;

/// <summary>
/// Whether each configured listener's address and port can be bound, tried the way the engines bind them (dual-stack
/// for "::") but never listened on, so no client can connect: "config check" finds a port in use or one that needs
/// privileges without opening it.
/// </summary>
internal static class ListenerPortProbe
{
    public static IEnumerable<string> Problems(EcurepServerOptions options)
    {
        foreach (var (siteName, site) in options.Sites)
        {
            if (site.Ftps.Enabled && Probe(siteName, "Ftps", site.Ftps.BindAddress, site.Ftps.Port) is { } ftps)
            {
                yield return ftps;
            }

            if (site.LegacyPlain.Enabled && Probe(siteName, "LegacyPlain", site.Ftps.BindAddress, site.LegacyPlain.Port) is { } plain)
            {
                yield return plain;
            }

            if (site.Ssh.Enabled && Probe(siteName, "Ssh", site.Ssh.BindAddress, site.Ssh.Port) is { } ssh)
            {
                yield return ssh;
            }
        }
    }

    private static string? Probe(string siteName, string section, IPAddress address, int port)
    {
        if (port == 0)
        {
            return null;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException exception)
        {
            return SiteListenerLog.CannotListen(siteName, section, address, port, exception).Message;
        }
    }
}
