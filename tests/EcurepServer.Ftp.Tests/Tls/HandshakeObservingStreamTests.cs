using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using EcurepServer.Ftp.Tests.Infrastructure;
using EcurepServer.Ftp.Tls;

namespace EcurepServer.Ftp.Tests.Tls;

/// <summary>Real .NET handshakes (OpenSSL on Linux) seen through the stream the server puts under its SslStream.</summary>
public sealed class HandshakeObservingStreamTests
{
    [Fact]
    public async Task A_second_connection_under_the_same_name_resumes_the_first_session_and_the_observer_proves_it()
    {
        var credential = new TlsCredential(TestCertificate.Instance, requireSessionReuse: true);
        var name = FtpTestClient.NewTlsName();

        var first = await HandshakeAsync(credential.Control, name);
        var second = await HandshakeAsync(credential.Data, name);
        var stranger = await HandshakeAsync(credential.Data, FtpTestClient.NewTlsName());

        Assert.True(first.ServerSentCertificate);
        Assert.False(first.ResumedTls12);
        Assert.Single(first.IssuedTickets);
        Assert.True(second.ResumedTls12);
        Assert.Equal(first.IssuedTickets[0], second.ClientHello!.OfferedTicket);
        var session = new ControlTlsSession(credential, first);
        Assert.Equal(DataSessionVerdict.Resumed, session.Check(second));
        Assert.Equal(DataSessionVerdict.NewSession, session.Check(stranger));
    }

    [Fact]
    public async Task Under_a_cipher_suite_policy_the_server_issues_no_session_to_resume()
    {
        // Why a site that requires session reuse has no CipherSuitesPolicy: with one, .NET never caches a session.
        var credential = new TlsCredential(TestCertificate.Instance, requireSessionReuse: false);
        var name = FtpTestClient.NewTlsName();

        var first = await HandshakeAsync(credential.Data, name);
        var second = await HandshakeAsync(credential.Data, name);

        Assert.Empty(first.IssuedTickets);
        Assert.Empty(first.ServerHello!.SessionId);
        Assert.True(second.ServerSentCertificate);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_suite_outside_the_policy_is_never_negotiated_though_the_server_would_choose_it()
    {
        var credential = new TlsCredential(TestCertificate.Instance, requireSessionReuse: true);
        var cbcOnly = new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(credential.Control, FtpTestClient.NewTlsName(), cbcOnly));

        Assert.True(failure is AuthenticationException or IOException, failure.ToString());
    }

    private static async Task<TlsHandshakeObserver> HandshakeAsync(SslServerAuthenticationOptions server, string name, CipherSuitesPolicy? clientSuites = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        using var serverSocket = await listener.AcceptAsync();
        var observing = new HandshakeObservingStream(new NetworkStream(serverSocket), new TlsHandshakeObserver(), leaveInnerOpen: false);
        await using var serverTls = new SslStream(observing);
        await using var clientTls = new SslStream(new NetworkStream(clientSocket), false, (_, _, _, _) => true);
        var client = new SslClientAuthenticationOptions { TargetHost = name, CipherSuitesPolicy = clientSuites };

        await Task.WhenAll(serverTls.AuthenticateAsServerAsync(server), clientTls.AuthenticateAsClientAsync(client)).WaitAsync(Eventually.Deadline);
        observing.StopObserving();
        return observing.Observer;
    }
}
