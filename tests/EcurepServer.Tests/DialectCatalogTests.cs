using EcurepServer.Dialects;
using EcurepServer.Ftp;
using EcurepServer.Tests.Support;

namespace EcurepServer.Tests;

public sealed class DialectCatalogTests
{
    [Theory]
    [InlineData("ecurep")]
    [InlineData("zos")]
    public void EachShippedDialectHoldsABannerAndEveryReplyText(string name)
    {
        var dialect = RepositoryCatalog().Get(name);

        Assert.NotEmpty(dialect.Banner);
        Assert.NotEmpty(dialect.LoginMessage);
        Assert.Equal(FtpReplyTexts.Names.Order(StringComparer.Ordinal), dialect.Replies.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ecurep")]
    [InlineData("zos")]
    public void EachShippedDialectHasTheSeedsSftpBannerAndOffersPublicKeyAndPassword(string name)
    {
        var dialect = RepositoryCatalog().Get(name);

        Assert.Equal(SeedSftpBanner.Lines, dialect.SftpBanner);
        Assert.Equal(["publickey", "password"], dialect.SftpAuthenticationMethods);
    }

    [Fact]
    public void TheShippedDialectsAreCopiedBesideTheProgram()
    {
        Assert.True(File.Exists(Path.Combine(DialectCatalog.ShippedDirectory, "ecurep.json")));
        Assert.True(File.Exists(Path.Combine(DialectCatalog.ShippedDirectory, "zos.json")));
    }

    [Fact]
    public void TheEcurepDialectIsTheEnginesDefaultWording()
    {
        var texts = FtpReplyTexts.With(RepositoryCatalog().Get("ecurep").Replies);
        var defaults = new FtpReplyTexts();

        foreach (var name in FtpReplyTexts.Names)
        {
            var property = typeof(FtpReplyTexts).GetProperty(name)!;
            Assert.Equal(property.GetValue(defaults), property.GetValue(texts));
        }
    }

    [Fact]
    public void TheZosDialectSpeaksLikeTheZosTranscript()
    {
        var texts = FtpReplyTexts.With(RepositoryCatalog().Get("zos").Replies);

        Assert.Equal("Security environment established - ready for negotiation", texts.AuthSucceeded);
        Assert.Equal("Protection buffer size accepted", texts.PbszAccepted);
        Assert.Equal("Data connection protection set to private", texts.ProtPrivate);
        Assert.Equal("Send email address as password please.", texts.AnonymousPasswordRequired);
        Assert.Equal("Type set to I.", texts.TypeImage);
    }

    [Fact]
    public void AFileInTheWorkingDirectoryWinsOverTheShippedOne()
    {
        using var workspace = new TempWorkspace();
        Directory.CreateDirectory(workspace.PathOf("config", "dialects"));
        File.WriteAllText(workspace.PathOf("config", "dialects", "zos.json"), """{ "Banner": [ "Local banner" ], "Replies": { "goodbye": "So long." } }""");

        var dialect = DialectCatalog.For(workspace.Root, "config/dialects").Get("zos");

        Assert.Equal(["Local banner"], dialect.Banner);
        Assert.Empty(dialect.LoginMessage);
        Assert.Equal("So long.", FtpReplyTexts.With(dialect.Replies).Goodbye);
        Assert.Equal(new FtpReplyTexts().TypeImage, FtpReplyTexts.With(dialect.Replies).TypeImage);
    }

    [Theory]
    [InlineData("""{ "Banner": [ "x" ], "Replies": { "NoSuchText": "x" } }""", "Replies:NoSuchText")]
    [InlineData("""{ "Banner": [ "x" ], "Greeting": [ "x" ] }""", "Greeting")]
    [InlineData("""{ "Banner": [ "x" ], "SftpBanner": [ "a\rb" ] }""", "SftpBanner:0")]
    [InlineData("""{ "Banner": [ "x" ], "SftpAuthenticationMethods": [ "password", "hostbased" ] }""", "SftpAuthenticationMethods:1")]
    [InlineData("""{ "Banner": [ ] }""", "Banner")]
    [InlineData("""{ "Banner": [ "x" ], "Replies": { "Goodbye": 5 } }""", "Replies:Goodbye")]
    [InlineData("""{ "Banner": [ "a\tb" ] }""", "Banner:0")]
    [InlineData("""{ "Banner": [ "x" ], "Replies": { "Goodbye": "two\nlines" } }""", "Replies:Goodbye")]
    [InlineData("""[ "not an object" ]""", "Banner, LoginMessage and Replies")]
    [InlineData("""{ "Banner": """, "cannot be read as JSON")]
    public void ABadDialectFileIsRefusedNamingTheFileAndTheKey(string json, string key)
    {
        using var workspace = new TempWorkspace();
        Directory.CreateDirectory(workspace.PathOf("config", "dialects"));
        File.WriteAllText(workspace.PathOf("config", "dialects", "bad.json"), json);

        var exception = Assert.Throws<DialectLoadException>(() => DialectCatalog.For(workspace.Root, "config/dialects").Get("bad"));

        Assert.Contains("bad.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains(key, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("../appsettings")]
    [InlineData("")]
    public void AMissingOrUnsafeNameIsRefused(string name)
    {
        var exception = Assert.Throws<DialectLoadException>(() => RepositoryCatalog().Get(name));

        Assert.Contains(name, exception.Message, StringComparison.Ordinal);
    }

    private static DialectCatalog RepositoryCatalog() => new([Path.Combine(RepositoryFiles.Root(), "config", "dialects")]);
}
