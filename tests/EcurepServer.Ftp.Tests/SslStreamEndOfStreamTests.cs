using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using EcurepServer.Ftp.Data;
using EcurepServer.Ftp.Tests.Infrastructure;

namespace EcurepServer.Ftp.Tests;

/// <summary>
/// The experiment behind the upload commit rule: how .NET's SslStream reports a peer that closes TCP with and
/// without close_notify, and how EofTrackingStream tells the two apart.
/// </summary>
public sealed class SslStreamEndOfStreamTests
{
    [Fact]
    public async Task Close_notify_ends_the_stream_without_a_transport_end()
    {
        var (server, transport, client, clientSocket) = await ConnectAsync();

        await client.WriteAsync(new byte[] { 1, 2, 3 });
        await client.ShutdownAsync();

        Assert.Equal(3, await ReadAllAsync(server));
        Assert.False(transport.TransportEnded);
        await server.DisposeAsync();
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Bare_fin_ends_the_stream_like_close_notify_but_the_transport_end_shows_it()
    {
        var (server, transport, client, clientSocket) = await ConnectAsync();

        await client.WriteAsync(new byte[] { 1, 2, 3 });
        await client.FlushAsync();
        clientSocket.Shutdown(SocketShutdown.Send);

        Assert.Equal(3, await ReadAllAsync(server));
        Assert.True(transport.TransportEnded);
        await server.DisposeAsync();
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Fin_inside_a_record_throws()
    {
        var (server, _, client, clientSocket) = await ConnectAsync();

        await clientSocket.SendAsync(new byte[] { 0x17, 0x03, 0x03, 0x00, 0x40, 1, 2, 3 });
        clientSocket.Shutdown(SocketShutdown.Send);

        await Assert.ThrowsAsync<IOException>(() => ReadAllAsync(server));
        await server.DisposeAsync();
        await client.DisposeAsync();
    }

    private static async Task<int> ReadAllAsync(SslStream stream)
    {
        var total = 0;
        var buffer = new byte[64];
        int read;
        while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Eventually.Deadline)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task<(SslStream Server, EofTrackingStream Transport, SslStream Client, Socket ClientSocket)> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        var serverSocket = await listener.AcceptAsync();

        var transport = new EofTrackingStream(new NetworkStream(serverSocket, ownsSocket: true));
        var server = new SslStream(transport);
        var client = new SslStream(new NetworkStream(clientSocket, ownsSocket: true), false, (_, _, _, _) => true);
        var options = new Ftp.Tls.TlsCredential(TestCertificate.Instance, requireSessionReuse: false).Control;
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(options),
            client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }));
        return (server, transport, client, clientSocket);
    }
}
