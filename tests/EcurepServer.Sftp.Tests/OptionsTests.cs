using EcurepServer.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Sftp.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_openssh()
    {
        var options = new SftpOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(262144, options.MaxMessageBytes);
        Assert.Equal(261120, options.MaxDataBytes);
    }

    [Fact]
    public void Bad_values_are_named_by_their_keys()
    {
        var options = new SftpOptions { MaxMessageBytes = 10, MaxOpenHandles = 0, MaxWriteAheadBytes = -1, MaxWriteAheadBytesTotal = -1, MaxWriteOffset = 0, MaxDirectoryEntriesPerReply = 0, DeliverOnRenameSuffixes = [""] };

        var errors = options.Validate();

        Assert.Equal(7, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("EcurepServer:Sftp:", e, StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => new SftpSubsystem(Options.Create(options), TimeProvider.System, NullLogger<SftpSubsystem>.Instance));
    }

    [Fact]
    public void A_message_limit_the_ssh_window_could_never_let_through_is_refused()
    {
        var fits = new SftpOptions { MaxMessageBytes = 1024 * 1024 };
        var beyondTheWindow = new SftpOptions { MaxMessageBytes = 4 * 1024 * 1024 };

        Assert.Empty(fits.Validate());
        Assert.Equal(["EcurepServer:Sftp:MaxMessageBytes must be between 32768 and 1048576 bytes, not 4194304."], beyondTheWindow.Validate());
    }

    [Fact]
    public void AddEcurepSftp_binds_the_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EcurepServer:DataDirectory"] = "/srv/ecurep",
            ["EcurepServer:DropBox:Products:0"] = "aix",
            ["EcurepServer:Sftp:MaxOpenHandles"] = "7",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton(typeof(ILogger<>), typeof(NullLogger<>)).AddEcurepCore(configuration).AddEcurepSftp(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SftpOptions>>().Value;

        Assert.Equal(7, options.MaxOpenHandles);
        Assert.NotNull(provider.GetRequiredService<SftpSubsystem>());
    }
}
