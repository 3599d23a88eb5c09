using EcurepServer.Hosting;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace EcurepServer.Tests;

/// <summary>Values are checked against the options' types before anything binds; keys no option binds are found.</summary>
public sealed class ConfigurationInspectionTests
{
    [Fact]
    public void TheShippedConfigurationHasNeitherProblemsNorUnknownKeys()
    {
        var inspection = Inspect(RepositoryFiles.Root());

        Assert.Empty(inspection.Problems);
        Assert.Empty(inspection.UnknownKeys);
        Assert.Empty(inspection.RenamedKeys);
    }

    [Theory]
    [InlineData("DropBox:Retention=7d", "EcurepServer:DropBox:Retention: '7d' is not a time span such as 7.00:00:00 or 00:15:00 ([days.]hours:minutes:seconds).")]
    [InlineData("Sites:Europe:Ssh:IdleTimeout=abc", "EcurepServer:Sites:Europe:Ssh:IdleTimeout: 'abc' is not a time span such as 7.00:00:00 or 00:15:00 ([days.]hours:minutes:seconds).")]
    [InlineData("Sites:Europe:Sftp:IdleTimeout=abc", "EcurepServer:Sites:Europe:Sftp:IdleTimeout: 'abc' is not a time span such as 7.00:00:00 or 00:15:00 ([days.]hours:minutes:seconds).")]
    [InlineData("Sites:Europe:Ftps:Rfc4217Level=Strict", "EcurepServer:Sites:Europe:Ftps:Rfc4217Level: 'Strict' is not one of Full, Draft.")]
    [InlineData("Sites:Europe:Ftps:BindAddress=everywhere", "EcurepServer:Sites:Europe:Ftps:BindAddress: 'everywhere' is not an IP address (use '::' or '0.0.0.0' for every interface).")]
    [InlineData("Sites:Europe:Ftps:RequireTls=yes", "EcurepServer:Sites:Europe:Ftps:RequireTls: 'yes' is not true or false.")]
    [InlineData("Sites:Europe:AllowAnonymous=maybe", "EcurepServer:Sites:Europe:AllowAnonymous: 'maybe' is not true or false.")]
    [InlineData("Sites:Europe:Ftps:Port=21st", "EcurepServer:Sites:Europe:Ftps:Port: '21st' is not a whole number.")]
    [InlineData("Pbkdf2Iterations=99999999999", "EcurepServer:Pbkdf2Iterations: '99999999999' is out of range; it must be between -2147483648 and 2147483647.")]
    [InlineData("Sites:Europe:Ftps:Port=", "EcurepServer:Sites:Europe:Ftps:Port: '' is not a whole number.")]
    [InlineData("DropBox:Products=aix", "EcurepServer:DropBox:Products: is a list; give its entries as EcurepServer:DropBox:Products:0, EcurepServer:DropBox:Products:1, ... (was 'aix').")]
    [InlineData("Sites:Europe:Ftps=on", "EcurepServer:Sites:Europe:Ftps: is a section of settings, not a value (was 'on').")]
    public void AValueTheBinderCannotConvertIsOneLineNamingKeyValueAndForm(string setting, string expected)
    {
        using var workspace = new TempWorkspace();

        var inspection = Inspect(workspace.Root, "--EcurepServer:" + setting);

        Assert.Equal([expected], inspection.Problems);
    }

    [Fact]
    public void EmptyListsAndNullsFromJsonAreFine()
    {
        var settings = TempWorkspace.ValidSettings();
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Ftps"]!["Replies"] = new System.Text.Json.Nodes.JsonObject();
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Ftps"]!["LoginMessage"] = new System.Text.Json.Nodes.JsonArray();
        settings["EcurepServer"]!["Sites"]!["Europe"]!["Ftps"]!["PassiveAddress"] = null;
        using var workspace = new TempWorkspace(settings);

        var inspection = Inspect(workspace.Root);

        Assert.Empty(inspection.Problems);
        Assert.Empty(inspection.UnknownKeys);
    }

    [Theory]
    [InlineData("Sites:Europe:Ftps:Portt", "EcurepServer:Sites:Europe:Ftps:Port")]
    [InlineData("DropBox:Retension", "EcurepServer:DropBox:Retention")]
    [InlineData("DropBox:Rtention", "EcurepServer:DropBox:Retention")]
    [InlineData("Sites:Europe:Ssh:IdelTimeout", "EcurepServer:Sites:Europe:Ssh:IdleTimeout")]
    [InlineData("Sites:Europe:Sftp:IdelTimeout", "EcurepServer:Sites:Europe:Sftp:IdleTimeout")]
    [InlineData("Sites:Europe:Ftsp:Port", "EcurepServer:Sites:Europe:Ftps")]
    [InlineData("Sites:Europe:allowanonymus", "EcurepServer:Sites:Europe:AllowAnonymous")]
    [InlineData("Sites:Europe:Ftps:Certificate:PfxPasword", "EcurepServer:Sites:Europe:Ftps:Certificate:PfxPassword")]
    [InlineData("Telemetry", null)]
    [InlineData("Sites:Europe:Ftps:Port:Number", null)]
    public void AnUnknownKeyIsNamedWithTheValidKeyItProbablyMeant(string key, string? suggestion)
    {
        using var workspace = new TempWorkspace();

        var inspection = Inspect(workspace.Root, $"--EcurepServer:{key}=1");

        var unknown = Assert.Single(inspection.UnknownKeys);
        Assert.Equal(key.StartsWith("Sites:Europe:Ftsp", StringComparison.Ordinal) ? "EcurepServer:Sites:Europe:Ftsp" : "EcurepServer:" + key, unknown.Key);
        Assert.Equal(suggestion, unknown.Suggestion);
        Assert.Empty(inspection.Problems);
    }

    [Fact]
    public void KeysOutsideTheOptionsSectionsAreNotInspected()
    {
        using var workspace = new TempWorkspace();

        var inspection = Inspect(workspace.Root, "--Serilog:Whatever=1", "--Logging:LogLevel:Default=Nonsense");

        Assert.Empty(inspection.UnknownKeys);
        Assert.Empty(inspection.Problems);
    }

    private static ConfigurationInspection Inspect(string root, params string[] overrides)
    {
        var builder = EcurepHost.CreateBuilder(root, overrides);
        return ConfigurationInspection.Of(builder.Configuration, ConfigurationSchema.For(builder.Services));
    }
}
