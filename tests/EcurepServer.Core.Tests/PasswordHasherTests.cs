using EcurepServer.Core.Accounts;

namespace EcurepServer.Core.Tests;

public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(iterations: 1000);

    [Fact]
    public void Round_trip_and_wrong_password()
    {
        var hash = _hasher.Hash("correct horse");
        Assert.True(_hasher.Verify("correct horse", hash));
        Assert.False(_hasher.Verify("correct horsE", hash));
        Assert.False(_hasher.Verify("", hash));
    }

    [Fact]
    public void Stores_its_parameters_and_a_fresh_salt()
    {
        var hash = _hasher.Hash("secret-password");
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "1000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(hash, _hasher.Hash("secret-password"));
    }

    [Fact]
    public void Verifies_with_the_iterations_stored_in_the_hash()
    {
        var old = new PasswordHasher(iterations: 500).Hash("pw");
        Assert.True(_hasher.Verify("pw", old));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$1000$AAAA")]
    [InlineData("pbkdf2-sha1$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$99999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Malformed_hashes_never_verify(string stored)
    {
        Assert.False(_hasher.Verify("pw", stored));
    }
}
