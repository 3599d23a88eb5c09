using EcurepServer.Cli;
using EcurepServer.Core.Accounts;
using EcurepServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Tests;

public sealed class UsersCommandTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task AddWithPasswordFromStdinThenListAndLogIn()
    {
        var add = await CliRun.InvokeWithInputAsync(_workspace, "s3cret-pass\n", "users", "add", "E-TEST00001", "--password-stdin");
        var list = await CliRun.InvokeAsync(_workspace, "users", "list");

        Assert.Equal(ExitCodes.Ok, add.ExitCode);
        Assert.DoesNotContain("s3cret-pass", add.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.StartsWith("E-TEST00001\t", list.Output, StringComparison.Ordinal);
        Assert.True(await VerifyAsync("E-TEST00001", "s3cret-pass"));
        Assert.True(File.Exists(_workspace.PathOf("data", "catalog.db")));
        Assert.False(File.Exists(_workspace.PathOf("config", "accounts.json")));
    }

    [Fact]
    public async Task AddWithoutStdinPrintsAGeneratedPasswordOnce()
    {
        var add = await CliRun.InvokeAsync(_workspace, "users", "add", "E-TEST00002");

        Assert.Equal(ExitCodes.Ok, add.ExitCode);
        var password = GeneratedPassword(add, "E-TEST00002");
        Assert.True(await VerifyAsync("E-TEST00002", password));
    }

    [Fact]
    public async Task QuotaGivesAnIdItsOwnDailyQuotaAndDefaultTakesItBack()
    {
        await CliRun.InvokeWithInputAsync(_workspace, "quota-pass\n", "users", "add", "E-TEST00009", "--password-stdin");

        var set = await CliRun.InvokeAsync(_workspace, "users", "quota", "E-TEST00009", "5000000");
        var unlimited = await CliRun.InvokeAsync(_workspace, "users", "quota", "E-TEST00009", "0");
        var malformed = await CliRun.InvokeAsync(_workspace, "users", "quota", "E-TEST00009", "5GB");
        var unknown = await CliRun.InvokeAsync(_workspace, "users", "quota", "E-NOBODY", "1");

        Assert.Equal((ExitCodes.Ok, "E-TEST00009 may upload 5000000 bytes a day."), (set.ExitCode, set.Output.Trim()));
        Assert.Equal((ExitCodes.Ok, "E-TEST00009 may upload without a quota."), (unlimited.ExitCode, unlimited.Output.Trim()));
        Assert.Equal(ExitCodes.Usage, malformed.ExitCode);
        Assert.Contains("is not a number of bytes", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, unknown.ExitCode);
        Assert.Equal(0, await QuotaAsync("E-TEST00009"));

        var reset = await CliRun.InvokeAsync(_workspace, "users", "quota", "E-TEST00009", "default");

        Assert.Equal((ExitCodes.Ok, "E-TEST00009 uploads under the configured quota."), (reset.ExitCode, reset.Output.Trim()));
        Assert.Null(await QuotaAsync("E-TEST00009"));
    }

    [Fact]
    public async Task AddingAnExistingIdFailsAndKeepsThePassword()
    {
        await CliRun.InvokeWithInputAsync(_workspace, "first-pass\n", "users", "add", "E-TEST00003", "--password-stdin");

        var again = await CliRun.InvokeWithInputAsync(_workspace, "second-pass\n", "users", "add", "E-TEST00003", "--password-stdin");

        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
        Assert.True(await VerifyAsync("E-TEST00003", "first-pass"));
    }

    [Fact]
    public async Task AnInvalidIdOrAnEmptyStdinIsRefused()
    {
        var badId = await CliRun.InvokeWithInputAsync(_workspace, "whatever-pass\n", "users", "add", "anonymous", "--password-stdin");
        var noPassword = await CliRun.InvokeWithInputAsync(_workspace, "", "users", "add", "E-TEST00004", "--password-stdin");

        Assert.Equal(ExitCodes.Error, badId.ExitCode);
        Assert.Equal(ExitCodes.Error, noPassword.ExitCode);
        Assert.Contains("standard input", noPassword.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await CliRun.InvokeAsync(_workspace, "users", "list")).Output);
    }

    [Fact]
    public async Task PasswdChangesThePassword()
    {
        await CliRun.InvokeWithInputAsync(_workspace, "old-password\n", "users", "add", "E-TEST00005", "--password-stdin");

        var fromStdin = await CliRun.InvokeWithInputAsync(_workspace, "new-password\n", "users", "passwd", "E-TEST00005", "--password-stdin");
        Assert.Equal(ExitCodes.Ok, fromStdin.ExitCode);
        Assert.False(await VerifyAsync("E-TEST00005", "old-password"));
        Assert.True(await VerifyAsync("E-TEST00005", "new-password"));

        var generated = await CliRun.InvokeAsync(_workspace, "users", "passwd", "E-TEST00005");
        Assert.Equal(ExitCodes.Ok, generated.ExitCode);
        Assert.True(await VerifyAsync("E-TEST00005", GeneratedPassword(generated, "E-TEST00005")));
    }

    [Fact]
    public async Task RemoveDeletesTheIdAndAnUnknownIdIsAnError()
    {
        await CliRun.InvokeWithInputAsync(_workspace, "some-password\n", "users", "add", "E-TEST00006", "--password-stdin");

        var remove = await CliRun.InvokeAsync(_workspace, "users", "remove", "E-TEST00006");
        var again = await CliRun.InvokeAsync(_workspace, "users", "remove", "E-TEST00006");
        var passwd = await CliRun.InvokeAsync(_workspace, "users", "passwd", "E-TEST00006");

        Assert.Equal(ExitCodes.Ok, remove.ExitCode);
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Equal(ExitCodes.Error, passwd.ExitCode);
        Assert.Equal(string.Empty, (await CliRun.InvokeAsync(_workspace, "users", "list")).Output);
    }

    [Fact]
    public async Task AConfigurationOverrideReachesTheVerb()
    {
        var add = await CliRun.InvokeWithInputAsync(_workspace, "other-password\n", "users", "--EcurepServer:Catalog:Path", "other/catalog.db", "add", "E-TEST00007", "--password-stdin");

        Assert.Equal(ExitCodes.Ok, add.ExitCode);
        Assert.True(File.Exists(_workspace.PathOf("other", "catalog.db")));
        Assert.False(File.Exists(_workspace.PathOf("data", "catalog.db")));
    }

    [Fact]
    public async Task TheAccountsFileOfAnEarlierReleaseIsImportedOnceWithItsKeysAndQuotasAndKeptReadOnly()
    {
        var file = _workspace.PathOf("config", "accounts.json");
        var hash = new PasswordHasher(1000).Hash("old-release-pass");
        const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKrt2/adnTMHjbUPuS5UaqcGxl5May/LVZNc0AACFkWg old@laptop";
        await File.WriteAllTextAsync(file, $$"""
            {"accounts":[
              {"id":"E-OLD00001a","passwordHash":"{{hash}}","created":"2026-01-02T03:04:05+00:00","authorizedKeys":["{{Key}}"],"quotaBytesPerDay":123456},
              {"id":"E-OLD00002b","passwordHash":"{{hash}}","created":"2026-01-02T03:04:05+00:00"}]}
            """);

        var list = await CliRun.InvokeAsync(_workspace, "users", "list");

        Assert.Equal(ExitCodes.Ok, list.ExitCode);
        Assert.Equal(["E-OLD00001a\t2026-01-02 03:04:05Z", "E-OLD00002b\t2026-01-02 03:04:05Z"], list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(await VerifyAsync("E-OLD00002b", "old-release-pass"));
        Assert.Equal(123456, await QuotaAsync("E-OLD00001a"));
        var keys = await CliRun.InvokeAsync(_workspace, "users", "key", "list", "E-OLD00001a");
        Assert.Contains("old@laptop", keys.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(file + ".imported"));
        }

        // A file put back after the import is not read again.
        await File.WriteAllTextAsync(file, """{"accounts":[]}""");
        Assert.Equal(2, (await CliRun.InvokeAsync(_workspace, "users", "list")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(File.Exists(file));
    }

    [Theory]
    [InlineData("users", "add")]
    [InlineData("users", "add", "E-X", "E-Y")]
    [InlineData("users", "list", "--bogus")]
    [InlineData("users", "frobnicate")]
    public async Task UsageErrorsExitWithTwo(params string[] args)
    {
        var run = await CliRun.InvokeAsync(_workspace, args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEqual(string.Empty, run.Error);
    }

    private static string GeneratedPassword(CliRun run, string id)
    {
        var prefix = $"Password for {id}: ";
        var line = Assert.Single(run.Output.Split('\n'), l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..].TrimEnd('\r');
    }

    private async Task<long?> QuotaAsync(string id)
    {
        var context = new CliContext(_workspace.Root, TextReader.Null, TextWriter.Null, TextWriter.Null);
        await using var services = CliSettings.Load(context, []).DropBoxServices();
        return await services.GetRequiredService<AccountStore>().QuotaBytesPerDayAsync(id, CancellationToken.None);
    }

    private async Task<bool> VerifyAsync(string id, string password)
    {
        var context = new CliContext(_workspace.Root, TextReader.Null, TextWriter.Null, TextWriter.Null);
        await using var services = CliSettings.Load(context, []).DropBoxServices();
        return await services.GetRequiredService<AccountStore>().VerifyAsync(id, password, CancellationToken.None);
    }
}
