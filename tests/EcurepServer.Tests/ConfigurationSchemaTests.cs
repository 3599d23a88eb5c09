using EcurepServer.Hosting;
using EcurepServer.Settings;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcurepServer.Tests;

/// <summary>The keys the options classes accept, found by reflection over the options the host binds.</summary>
public sealed class ConfigurationSchemaTests
{
    [Fact]
    public void EveryOptionsClassTheHostBindsDeclaresItsSection()
    {
        using var workspace = new TempWorkspace();
        var services = EcurepHost.CreateBuilder(workspace.Root, []).Services;

        var ours = services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(type => type.GetGenericArguments()[0])
            .Where(type => type.Namespace?.StartsWith("EcurepServer", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();

        Assert.NotEmpty(ours);
        Assert.All(ours, type => Assert.NotNull(OptionsBinding.Of(type)));
        Assert.Equal(
            ["EcurepServer", "EcurepServer:Catalog", "EcurepServer:Defender", "EcurepServer:DropBox", "EcurepServer:Events", "EcurepServer:Faults", "EcurepServer:Receipts", "EcurepServer:Sftp", "EcurepServer:Transcripts", "EcurepServer:TransferLog"],
            ConfigurationSchema.For(services).Bindings.Select(binding => binding.Section).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("EcurepServer:DataDirectory")]
    [InlineData("EcurepServer:Pbkdf2Iterations")]
    [InlineData("EcurepServer:DropBox:Retention")]
    [InlineData("EcurepServer:DropBox:Products:3")]
    [InlineData("EcurepServer:Sftp:MaxWriteAheadBytesTotal")]
    [InlineData("EcurepServer:Sites:AnyName:AllowAnonymous")]
    [InlineData("EcurepServer:Sites:AnyName:Ftps:Certificate:PfxPassword")]
    [InlineData("EcurepServer:Sites:AnyName:Ftps:Replies:Goodbye")]
    [InlineData("EcurepServer:Sites:AnyName:Ssh:KexAlgorithms:0")]
    [InlineData("EcurepServer:Sites:AnyName:Ftps:ListenBacklog")]
    [InlineData("EcurepServer:Transcripts:Enabled")]
    [InlineData("EcurepServer:Transcripts:Retention")]
    [InlineData("EcurepServer:Transcripts:MaxQueuedEvents")]
    [InlineData("EcurepServer:Sites:AnyName:Transcripts:Enabled")]
    [InlineData("ecurepserver:sites:europe:ftps:port")]
    public void TheOptionsClassesKeysAreKnown(string key)
    {
        using var workspace = new TempWorkspace();

        var node = Find(ConfigurationSchema.For(EcurepHost.CreateBuilder(workspace.Root, []).Services), key);

        Assert.NotNull(node);
    }

    [Theory]
    [InlineData("EcurepServer:Sites:Europe:PrimaryHostName")]
    [InlineData("EcurepServer:Sites:Europe:Ftps:Certificate:UsesPem")]
    [InlineData("EcurepServer:Sftp:MaxDataBytes")]
    [InlineData("EcurepServer:Sites:Europe:Ftps:Portt")]
    public void ComputedPropertiesAndMisspeltKeysAreNot(string key)
    {
        using var workspace = new TempWorkspace();

        Assert.Null(Find(ConfigurationSchema.For(EcurepHost.CreateBuilder(workspace.Root, []).Services), key));
    }

    [Fact]
    public void AFormerKeyNameLeadsToTheKeyItWasRenamedTo()
    {
        using var workspace = new TempWorkspace();
        var schema = ConfigurationSchema.For(EcurepHost.CreateBuilder(workspace.Root, []).Services);

        var site = Find(schema, "EcurepServer:Sites:AnyName")!;

        Assert.Null(site.Child("Sftp"));
        Assert.Same(site.Child("Ssh"), site.Renamed("sftp"));
        Assert.Null(site.Renamed("Ftps"));
    }

    [Fact]
    public void AnOptionsClassAddedLaterIsCoveredWithoutListingItsKeys()
    {
        var services = new ServiceCollection();
        services.AddOptions<ProbeOptions>().BindConfiguration(ProbeOptions.SectionName);

        var schema = ConfigurationSchema.For(services);

        Assert.NotNull(Find(schema, "EcurepServer:Probe:Window"));
        Assert.NotNull(Find(schema, "EcurepServer:Probe:Limits:Peak:Bytes"));
        Assert.NotNull(Find(schema, "EcurepServer:Probe:Nested"));
        Assert.Null(Find(schema, "EcurepServer:Probe:Windows"));
    }

    private static ConfigurationKeyNode? Find(ConfigurationSchema schema, string key) =>
        key.Split(ConfigurationPath.KeyDelimiter).Aggregate<string, ConfigurationKeyNode?>(schema.Root, (node, part) => node?.Child(part));

    private sealed class ProbeOptions
    {
        public const string SectionName = "EcurepServer:Probe";

        public TimeSpan Window { get; set; }

        public Dictionary<string, ProbeLimit> Limits { get; } = [];

        public ProbeOptions? Nested { get; set; }
    }

    private sealed class ProbeLimit
    {
        public long Bytes { get; set; }
    }
}
