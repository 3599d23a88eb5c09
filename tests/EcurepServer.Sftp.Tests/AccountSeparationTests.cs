using EcurepServer.Sftp.Tests.Support;
using static EcurepServer.Sftp.Tests.Support.SftpTestClient;

namespace EcurepServer.Sftp.Tests;

/// <summary>No SFTP answer differs because another account delivered a name, and taking that name is the taker's own upload.</summary>
public sealed class AccountSeparationTests : IAsyncLifetime
{
    private const string Taken = "TS012345678_taken.zip";
    private const string Never = "TS012345678_never.zip";

    private readonly SftpFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _fixture.DisposeAsync().AsTask();

    [Fact]
    public async Task Another_accounts_delivery_changes_no_answer()
    {
        var guest = await _fixture.StartInitializedAsync(SftpFixture.Guest);
        Assert.Equal(Ok, (await guest.PutAsync($"/toibm/aix/{Taken}", [9])).Code);
        var alice = await _fixture.StartInitializedAsync();

        Assert.Equal(await AnswersAsync(alice, Never), (await AnswersAsync(alice, Taken)).Replace(Taken, Never, StringComparison.Ordinal));

        Assert.Equal(Ok, (await alice.PutAsync($"/toibm/aix/{Taken}.filepart", [1])).Code);
        ExpectOk(await alice.ExtendedAsync("posix-rename@openssh.com", p => p.String($"/toibm/aix/{Taken}.filepart").String($"/toibm/aix/{Taken}")));
        Assert.Equal(new byte[] { 1 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", Taken)));
        Assert.Equal(new byte[] { 9 }, await File.ReadAllBytesAsync(_fixture.Delivered("aix", Taken, SftpFixture.Guest)));
        Assert.Equal(2, (await _fixture.ReadReceiptsAsync()).Count);
    }

    /// <summary>What STAT, LSTAT, OPEN for reading, RENAME, posix-rename, REMOVE and SETSTAT say about the name.</summary>
    private static async Task<string> AnswersAsync(SftpTestClient client, string name)
    {
        var path = $"/toibm/aix/{name}";
        var replies = new[]
        {
            await client.StatAsync(path),
            await client.RequestAsync(7, p => p.String(path)),
            await client.OpenAsync(path, Read),
            await client.RenameAsync(path, "/toibm/aix/other.zip"),
            await client.ExtendedAsync("posix-rename@openssh.com", p => p.String(path).String("/toibm/aix/other.zip")),
            await client.RequestAsync(13, p => p.String(path)),
            await client.RequestAsync(9, p => p.String(path).Attrs()),
        };
        return string.Join('|', replies.Select(reply => ReadStatus(reply).ToString()));
    }
}
