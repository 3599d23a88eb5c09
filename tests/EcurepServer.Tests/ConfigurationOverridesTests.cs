using EcurepServer.Cli;

namespace EcurepServer.Tests;

public sealed class ConfigurationOverridesTests
{
    [Fact]
    public void OverridesAreTakenOutWithTheirValues()
    {
        var (command, overrides) = ConfigurationOverrides.Split(
            ["users", "--EcurepServer:AccountsFile", "other.json", "add", "E-X1", "--EcurepServer:DataDirectory=d", "--password-stdin"]);

        Assert.Equal(["users", "add", "E-X1", "--password-stdin"], command);
        Assert.Equal(["--EcurepServer:AccountsFile", "other.json", "--EcurepServer:DataDirectory=d"], overrides);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--help")]
    [InlineData("-x:y")]
    [InlineData("--:y")]
    [InlineData("--x:")]
    [InlineData("E-ABC:1")]
    public void OtherTokensStayForTheParser(string token)
    {
        var (command, overrides) = ConfigurationOverrides.Split([token]);

        Assert.Equal([token], command);
        Assert.Empty(overrides);
    }
}
