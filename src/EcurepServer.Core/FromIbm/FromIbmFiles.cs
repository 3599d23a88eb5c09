using EcurepServer.Core.Accounts;
using EcurepServer.Core.Configuration;
using EcurepServer.Core.Storage;
using EcurepServer.Core.Tree;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.FromIbm;

/// <summary>
/// Places files from IBM support into one account's /fromibm. A file is copied beside the folders under a name no
/// account can see and then renamed into place, so the account never sees half a file.
/// </summary>
public sealed partial class FromIbmFiles
{
    private const int BufferSize = 128 * 1024;

    private readonly StorageLayout _layout;
    private readonly AccountStore _accounts;
    private readonly ILogger _logger;

    public FromIbmFiles(IOptions<DropBoxOptions> options, AccountStore accounts, ILogger<FromIbmFiles> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(logger);
        _layout = new StorageLayout(options.Value.DataDirectory);
        _accounts = accounts;
        _logger = logger;
    }

    /// <summary>
    /// Copies <paramref name="sourceFile"/> to /fromibm/<paramref name="name"/> (default: the source's name) of
    /// <paramref name="transferId"/>. An existing file is replaced only when <paramref name="replace"/> is set.
    /// </summary>
    public async Task<Outcome<FromIbmFile>> PutAsync(string transferId, string sourceFile, string? name, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transferId);
        ArgumentNullException.ThrowIfNull(sourceFile);
        var refusal = await CheckAccountAsync(transferId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(sourceFile));
        if (PathResolver.CheckName(name) is { } invalid)
        {
            return new Refusal(RefusalKind.InvalidPath, $"\"{name}\" cannot be a file name in /{TreeNames.FromIbm}: {invalid.Message}");
        }

        if (Directory.Exists(sourceFile))
        {
            return new Refusal(RefusalKind.NotAFile, $"{sourceFile} is a directory, not a file.");
        }

        if (!File.Exists(sourceFile))
        {
            return new Refusal(RefusalKind.NotFound, $"{sourceFile}: no such file.");
        }

        var path = $"/{TreeNames.FromIbm}/{name}";
        var target = Path.Combine(_layout.FromIbmRoot, transferId, name);
        if (Directory.Exists(target))
        {
            return new Refusal(RefusalKind.NotAFile, $"{transferId} already has a directory {path}; it is never replaced by a file.");
        }

        var exists = File.Exists(target);
        if (exists && !replace)
        {
            return AlreadyExists(transferId, path);
        }

        Directory.CreateDirectory(_layout.FromIbmIncoming);
        var temp = Path.Combine(_layout.FromIbmIncoming, $"{Guid.NewGuid():N}.tmp");
        try
        {
            var size = await CopyAsync(sourceFile, temp, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(temp, target, overwrite: replace);
            }
            catch (IOException) when (!replace && File.Exists(target))
            {
                return AlreadyExists(transferId, path);
            }

            LogPlaced(_logger, path, transferId, size, target, exists);
            return Outcome<FromIbmFile>.Success(new FromIbmFile(transferId, path, target, size, exists));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Placed {Path} for {TransferId} ({Size} bytes, {DiskFile}, replaced: {Replaced})")]
    private static partial void LogPlaced(ILogger logger, string path, string transferId, long size, string diskFile, bool replaced);

    private static Refusal AlreadyExists(string transferId, string path) =>
        new(RefusalKind.AlreadyExists, $"{transferId} already has {path}; it is replaced only when asked to.");

    private static async Task<long> CopyAsync(string source, string temp, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        await input.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        output.Flush(flushToDisk: true);
        return output.Length;
    }

    private async Task<Refusal?> CheckAccountAsync(string transferId, CancellationToken cancellationToken)
    {
        if (TransferId.IsAnonymousName(transferId))
        {
            return new Refusal(RefusalKind.PermissionDenied, $"Anonymous users have no /{TreeNames.FromIbm}; files from IBM are placed for a Transfer ID.");
        }

        var accounts = await _accounts.ListAsync(cancellationToken).ConfigureAwait(false);
        if (!TransferId.IsValid(transferId) || !accounts.Any(a => string.Equals(a.Id, transferId, StringComparison.Ordinal)))
        {
            return new Refusal(RefusalKind.NotFound, $"\"{transferId}\" is not a Transfer ID of this server.");
        }

        return null;
    }
}
