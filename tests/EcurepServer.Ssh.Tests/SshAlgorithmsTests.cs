using EcurepServer.Ssh.Transport;

namespace EcurepServer.Ssh.Tests;

public sealed class SshAlgorithmsTests
{
    [Fact]
    public void The_defaults_are_all_implemented() => Assert.Empty(SshAlgorithms.Unsupported(new SshServerOptions()));

    [Fact]
    public void Unknown_names_are_reported_with_their_option()
    {
        var options = new SshServerOptions { Ciphers = ["aes128-ctr", "3des-cbc"], KexAlgorithms = ["diffie-hellman-group1-sha1"] };
        Assert.Equal(["KexAlgorithms: diffie-hellman-group1-sha1", "Ciphers: 3des-cbc"], SshAlgorithms.Unsupported(options));
    }
}
