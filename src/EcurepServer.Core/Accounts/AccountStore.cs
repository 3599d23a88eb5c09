using System.Security.Cryptography;
using System.Text.Json;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// Transfer IDs and their password hashes in a JSON file. The CLI changes the file while the server runs, so
/// every write replaces it atomically and every login reloads it when its time stamp or size has changed, or when
/// it was written so shortly before the last load that a second write in the same file system clock tick would
/// leave both unchanged. A repeated correct login is answered from a short-lived verification cache tied to the
/// stored hash; every other check runs PBKDF2 on a bounded pool.
/// </summary>
public sealed partial class AccountStore : IDisposable
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const int GeneratedPasswordLength = 20;

    private readonly string _file;
    private readonly PasswordHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _minPasswordLength;
    private readonly PasswordVerificationCache _verified;
    private readonly PasswordCheckPool _pool;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _cacheHits;
    private volatile Snapshot _snapshot = Snapshot.Empty;

    public AccountStore(IOptions<AccountOptions> options, PasswordHasher hasher, TimeProvider time, ILogger<AccountStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.AccountsFile);
        _file = Path.GetFullPath(options.Value.AccountsFile);
        _minPasswordLength = options.Value.MinPasswordLength;
        _hasher = hasher;
        _time = time;
        _logger = logger ?? NullLogger<AccountStore>.Instance;
        _verified = new PasswordVerificationCache(options.Value.PasswordCacheDuration, time);
        _pool = new PasswordCheckPool(options.Value.MaxConcurrentPasswordChecks, options.Value.MaxQueuedPasswordChecks);
    }

    public string FilePath => _file;

    /// <summary>Logins answered from the verification cache since start.</summary>
    public long PasswordCacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>A random password of 20 characters without look-alikes (0/O, 1/l/I).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString(PasswordAlphabet, GeneratedPasswordLength);

    /// <summary>Whether the Transfer ID (case-sensitive) and password match; see <see cref="CheckPasswordAsync"/>.</summary>
    public async ValueTask<bool> VerifyAsync(string id, string password, CancellationToken cancellationToken) =>
        await CheckPasswordAsync(id, password, cancellationToken).ConfigureAwait(false) == PasswordCheck.Verified;

    /// <summary>
    /// Checks a Transfer ID (case-sensitive) and password. An unknown ID costs the same hash as a known one, so the
    /// answer's timing does not tell which IDs exist; only a password PBKDF2 accepted for the same stored hash a short
    /// while ago is answered from the cache. <see cref="PasswordCheck.Busy"/> when the pool's queue is full.
    /// </summary>
    public async ValueTask<PasswordCheck> CheckPasswordAsync(string id, string password, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (id is null || password is null || password.Length > PasswordHasher.MaxPasswordLength
            || !snapshot.Accounts.TryGetValue(id, out var entry))
        {
            var dummy = await _pool.TryRunAsync(
                () =>
                {
                    _hasher.SpendDummyHash(password ?? "");
                    return false;
                },
                cancellationToken).ConfigureAwait(false);
            return dummy is null ? PasswordCheck.Busy
                : id is not null && snapshot.Accounts.ContainsKey(id) ? PasswordCheck.Wrong
                : PasswordCheck.UnknownAccount;
        }

        var storedHash = entry.PasswordHash;
        if (_verified.Matches(id, password, storedHash))
        {
            Interlocked.Increment(ref _cacheHits);
            LogCacheHit(_logger, id);
            return PasswordCheck.Verified;
        }

        var matches = await _pool.TryRunAsync(() => _hasher.Verify(password, storedHash), cancellationToken).ConfigureAwait(false);
        if (matches is null)
        {
            return PasswordCheck.Busy;
        }

        if (matches.Value)
        {
            _verified.Remember(id, password, storedHash);
            return PasswordCheck.Verified;
        }

        return PasswordCheck.Wrong;
    }

    public async ValueTask<IReadOnlyList<AccountInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
            return document.Accounts
                .Select(a => new AccountInfo(a.Id, a.Created))
                .OrderBy(a => a.Id, StringComparer.Ordinal)
                .ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask<AccountResult> AddAsync(string id, string password, CancellationToken cancellationToken) =>
        ChangeAsync(document =>
        {
            var idProblem = TransferId.Problem(id);
            if (idProblem is not null)
            {
                return AccountResult.Refused(AccountRefusal.InvalidId, $"Cannot add \"{id}\": {idProblem}.");
            }

            var clash = document.Accounts.Find(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                return AccountResult.Refused(AccountRefusal.AlreadyExists, clash.Id == id
                    ? $"Cannot add \"{id}\": it already exists."
                    : $"Cannot add \"{id}\": \"{clash.Id}\" already exists and differs only in case.");
            }

            var passwordProblem = PasswordProblem(password);
            if (passwordProblem is not null)
            {
                return AccountResult.Refused(AccountRefusal.InvalidPassword, $"Cannot add \"{id}\": {passwordProblem}.");
            }

            document.Accounts.Add(new AccountEntry { Id = id, PasswordHash = _hasher.Hash(password), Created = _time.GetUtcNow() });
            return AccountResult.Done($"Added {id}.");
        }, cancellationToken);

    public ValueTask<AccountResult> RemoveAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(document => document.Accounts.RemoveAll(a => a.Id == id) == 0
            ? AccountResult.Refused(AccountRefusal.NotFound, $"Cannot remove \"{id}\": no such Transfer ID.")
            : AccountResult.Done($"Removed {id}."), cancellationToken);

    public ValueTask<AccountResult> SetPasswordAsync(string id, string password, CancellationToken cancellationToken) =>
        ChangeAsync(document =>
        {
            var entry = document.Accounts.Find(a => a.Id == id);
            if (entry is null)
            {
                return AccountResult.Refused(AccountRefusal.NotFound, $"Cannot set the password of \"{id}\": no such Transfer ID.");
            }

            var passwordProblem = PasswordProblem(password);
            if (passwordProblem is not null)
            {
                return AccountResult.Refused(AccountRefusal.InvalidPassword, $"Cannot set the password of \"{id}\": {passwordProblem}.");
            }

            entry.PasswordHash = _hasher.Hash(password);
            return AccountResult.Done($"Changed the password of {id}.");
        }, cancellationToken);

    /// <summary>The Transfer ID's own upload quota per day from the accounts file (0: none); null when it has none of its own.</summary>
    public async ValueTask<long?> QuotaBytesPerDayAsync(string id, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return id is not null && snapshot.Accounts.TryGetValue(id, out var entry) ? entry.QuotaBytesPerDay : null;
    }

    /// <summary>Gives the Transfer ID its own upload quota per day (0: none), or with null the configured one again.</summary>
    public ValueTask<AccountResult> SetQuotaAsync(string id, long? bytesPerDay, CancellationToken cancellationToken) =>
        ChangeAsync(document =>
        {
            var entry = document.Accounts.Find(a => a.Id == id);
            if (entry is null)
            {
                return AccountResult.Refused(AccountRefusal.NotFound, $"Cannot set the quota of \"{id}\": no such Transfer ID.");
            }

            if (bytesPerDay < 0)
            {
                return AccountResult.Refused(AccountRefusal.InvalidQuota, $"Cannot set the quota of \"{id}\": it must be 0 (no quota) or a positive number of bytes, not {bytesPerDay}.");
            }

            entry.QuotaBytesPerDay = bytesPerDay;
            return AccountResult.Done(bytesPerDay is { } bytes
                ? $"{id} may upload {(bytes == 0 ? "without a quota" : $"{bytes} bytes a day")}."
                : $"{id} uploads under the configured quota.");
        }, cancellationToken);

    /// <summary>Whether the key is one of the Transfer ID's authorized keys.</summary>
    public async ValueTask<bool> IsKeyAuthorizedAsync(string id, string keyType, ReadOnlyMemory<byte> keyBlob, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return id is not null && snapshot.Accounts.TryGetValue(id, out var entry)
            && entry.AuthorizedKeys.Exists(line => AuthorizedKey.TryParse(line, out var key, out _) && key!.Matches(keyType, keyBlob.Span));
    }

    /// <summary>The Transfer ID's authorized keys, or null when there is no such ID.</summary>
    public async ValueTask<IReadOnlyList<AuthorizedKey>?> ListKeysAsync(string id, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (!snapshot.Accounts.TryGetValue(id, out var entry))
        {
            return null;
        }

        var keys = new List<AuthorizedKey>();
        foreach (var line in entry.AuthorizedKeys)
        {
            if (AuthorizedKey.TryParse(line, out var key, out _))
            {
                keys.Add(key!);
            }
        }

        return keys;
    }

    public ValueTask<AccountResult> AddKeyAsync(string id, string keyLine, CancellationToken cancellationToken) =>
        ChangeAsync(document =>
        {
            var entry = document.Accounts.Find(a => a.Id == id);
            if (entry is null)
            {
                return AccountResult.Refused(AccountRefusal.NotFound, $"Cannot add a key to \"{id}\": no such Transfer ID.");
            }

            if (!AuthorizedKey.TryParse(keyLine, out var key, out var problem))
            {
                return AccountResult.Refused(AccountRefusal.InvalidKey, $"Cannot add the key to \"{id}\": {problem}.");
            }

            if (FindKey(entry, key!.Fingerprint) is not null)
            {
                return AccountResult.Refused(AccountRefusal.AlreadyExists, $"Cannot add the key to \"{id}\": {key.Fingerprint} is already authorized.");
            }

            entry.AuthorizedKeys.Add(key.ToLine());
            return AccountResult.Done($"Added key {key.Fingerprint} to {id}.");
        }, cancellationToken);

    public ValueTask<AccountResult> RemoveKeyAsync(string id, string fingerprint, CancellationToken cancellationToken) =>
        ChangeAsync(document =>
        {
            var entry = document.Accounts.Find(a => a.Id == id);
            if (entry is null)
            {
                return AccountResult.Refused(AccountRefusal.NotFound, $"Cannot remove a key of \"{id}\": no such Transfer ID.");
            }

            var line = FindKey(entry, fingerprint);
            if (line is null)
            {
                return AccountResult.Refused(AccountRefusal.NotFound, $"Cannot remove key {fingerprint} of \"{id}\": no such key.");
            }

            entry.AuthorizedKeys.Remove(line);
            return AccountResult.Done($"Removed key {fingerprint} of {id}.");
        }, cancellationToken);

    public void Dispose()
    {
        _gate.Dispose();
        _pool.Dispose();
    }

    private static string? FindKey(AccountEntry entry, string fingerprint) =>
        entry.AuthorizedKeys.Find(line => AuthorizedKey.TryParse(line, out var key, out _) && key!.Fingerprint == fingerprint);

    private string? PasswordProblem(string? password)
    {
        if (password is null || password.Length < _minPasswordLength)
        {
            return $"the password must have at least {_minPasswordLength} characters";
        }

        if (password.Length > PasswordHasher.MaxPasswordLength)
        {
            return $"the password must not be longer than {PasswordHasher.MaxPasswordLength} characters";
        }

        return password.Any(char.IsControl) ? "the password must not contain control characters" : null;
    }

    /// <summary>Reads the file fresh, applies the change and, when it succeeded, replaces the file atomically.</summary>
    private async ValueTask<AccountResult> ChangeAsync(Func<AccountsDocument, AccountResult> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = await ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
            var result = change(document);
            if (result.Succeeded)
            {
                await WriteDocumentAsync(document, cancellationToken).ConfigureAwait(false);
                _snapshot = Snapshot.From(document, FileStamp.Of(_file));
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var stamp = FileStamp.Of(_file);
        if (_snapshot.IsCurrent(stamp))
        {
            return _snapshot;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            stamp = FileStamp.Of(_file);
            if (_snapshot.IsCurrent(stamp))
            {
                return _snapshot;
            }

            var changed = _snapshot.Stamp != stamp;
            try
            {
                var document = await ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
                _snapshot = Snapshot.From(document, stamp);
                if (changed)
                {
                    LogReloaded(_logger, _file, _snapshot.Accounts.Count);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // Keep serving the last good accounts; remember the stamp so one bad edit is reported once.
                if (changed)
                {
                    LogReloadFailed(_logger, e, _file);
                }

                _snapshot = _snapshot with { Stamp = stamp, LoadedUtc = DateTime.UtcNow };
            }

            return _snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<AccountsDocument> ReadDocumentAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_file))
        {
            return new AccountsDocument();
        }

        var bytes = await File.ReadAllBytesAsync(_file, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return new AccountsDocument();
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes, AccountsJsonContext.Default.AccountsDocument);
            if (document is not { Accounts: not null } || !document.Accounts.TrueForAll(a => a is not null && a.Id is not null && a.PasswordHash is not null))
            {
                throw new InvalidDataException($"{_file} does not hold an \"accounts\" list of entries with \"id\" and \"passwordHash\".");
            }

            if (document.Accounts.Find(a => a.QuotaBytesPerDay < 0) is { } negative)
            {
                throw new InvalidDataException($"{_file}: the \"quotaBytesPerDay\" of \"{negative.Id}\" must be 0 (no quota) or a positive number of bytes, not {negative.QuotaBytesPerDay}.");
            }

            foreach (var account in document.Accounts)
            {
                account.AuthorizedKeys ??= [];
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_file} is not valid JSON: {e.Message}", e);
        }
    }

    private async ValueTask WriteDocumentAsync(AccountsDocument document, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_file)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(_file)}.{Guid.NewGuid():N}.tmp");
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(temp, streamOptions))
            {
                await JsonSerializer.SerializeAsync(stream, document, AccountsJsonContext.Default.AccountsDocument, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, _file, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Password of {User} verified from the cache")]
    private static partial void LogCacheHit(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} Transfer IDs from {AccountsFile}")]
    private static partial void LogReloaded(ILogger logger, string accountsFile, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot read the accounts file {AccountsFile}; keeping the accounts loaded before")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string accountsFile);

    private readonly record struct FileStamp(bool Exists, DateTime LastWriteUtc, long Length)
    {
        public static FileStamp Of(string file)
        {
            var info = new FileInfo(file);
            return info.Exists ? new(true, info.LastWriteTimeUtc, info.Length) : default;
        }
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, AccountEntry> Accounts, FileStamp? Stamp)
    {
        // File system time stamps advance in clock ticks of up to a few milliseconds: two writes of the same length
        // within one tick leave the stamp unchanged. Like Git's "racy" index entries, a file written this shortly
        // before it was loaded is read again on the next check until the stamp is old enough to tell.
        private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(1);

        public static readonly Snapshot Empty = new(new Dictionary<string, AccountEntry>(), null);

        public DateTime LoadedUtc { get; init; } = DateTime.UtcNow;

        public bool IsCurrent(FileStamp stamp) =>
            Stamp == stamp && !(stamp.Exists && LoadedUtc - stamp.LastWriteUtc < RacyWindow);

        public static Snapshot From(AccountsDocument document, FileStamp stamp)
        {
            var accounts = new Dictionary<string, AccountEntry>(StringComparer.Ordinal);
            foreach (var entry in document.Accounts)
            {
                accounts.TryAdd(entry.Id, entry);
            }

            return new(accounts, stamp);
        }
    }
}
