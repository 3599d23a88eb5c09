using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;

namespace EcurepServer.TestSupport;

/// <summary>Client halves of data transfers, done by hand so each step can be checked or broken on purpose.</summary>
public static class DataTransfers
{
    public static byte[] RandomBytes(int count) => RandomNumberGenerator.GetBytes(count);

    /// <summary>
    /// Connects to the announced endpoint from the control connection's address, sends the command, expects 150,
    /// handshakes under PROT P.
    /// </summary>
    public static async Task<(Socket Socket, Stream Stream, FtpReplyMessage Opening)> OpenAsync(
        FtpTestClient client, IPEndPoint data, string command, bool protect)
    {
        var socket = await FtpTestClient.ConnectDataAsync(data, client.LocalEndPoint.Address);
        await client.SendAsync(command);
        var opening = await client.ReadReplyAsync();
        Assert.True(opening.Code == 150, opening.ToString());
        Stream stream = protect ? await client.ProtectDataAsync(socket) : new NetworkStream(socket, ownsSocket: true);
        return (socket, stream, opening);
    }

    /// <summary>A well-behaved upload: all bytes, close_notify under TLS, then the final reply.</summary>
    public static async Task<(FtpReplyMessage Opening, FtpReplyMessage Final)> UploadAsync(
        FtpTestClient client, IPEndPoint data, string command, byte[] content, bool protect)
    {
        var (_, stream, opening) = await OpenAsync(client, data, command, protect);
        await using (stream)
        {
            await stream.WriteAsync(content);
            await FinishAsync(stream);
        }

        return (opening, await client.ReadReplyAsync());
    }

    /// <summary>
    /// Ends an upload as curl and ftplib do: close_notify, then read until the server's own close_notify.
    /// Reading matters: TLS 1.3 servers send session tickets after the handshake, and closing a socket with
    /// unread bytes makes the kernel send a reset instead of a FIN.
    /// </summary>
    public static async Task FinishAsync(Stream stream)
    {
        if (stream is SslStream tls)
        {
            await tls.ShutdownAsync();
            var scratch = new byte[256];
            while (await tls.ReadAsync(scratch) > 0)
            {
            }
        }
    }

    public static async Task<(FtpReplyMessage Opening, byte[] Content, FtpReplyMessage Final)> DownloadAsync(
        FtpTestClient client, IPEndPoint data, string command, bool protect)
    {
        var (_, stream, opening) = await OpenAsync(client, data, command, protect);
        var content = new MemoryStream();
        await using (stream)
        {
            await stream.CopyToAsync(content);
            if (stream is SslStream tls)
            {
                await tls.ShutdownAsync();
            }
        }

        return (opening, content.ToArray(), await client.ReadReplyAsync());
    }

    /// <summary>
    /// Another client's side of a data connection that is not its own: the handshake under <paramref name="tlsName"/>,
    /// then <paramref name="act"/>, until the server cuts it off (which is what the tests expect).
    /// </summary>
    public static async Task OverTlsAsync(Socket socket, string tlsName, Func<SslStream, Task> act)
    {
        try
        {
            await using var tls = await FtpTestClient.ProtectDataAsync(socket, tlsName);
            await act(tls);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException)
        {
            // The server closed the connection.
        }
    }
}
