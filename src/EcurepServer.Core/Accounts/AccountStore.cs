using System.Data.Common;
using System.Security.Cryptography;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcurepServer.Core.Accounts;

/// <summary>
/// Transfer IDs and their password hashes in the catalog. The CLI and other nodes change them while the server runs,
/// so every login reads the catalog's account stamp (one number) and reloads the accounts when it moved. A repeated
/// correct login is answered from a short-lived verification cache tied to the stored hash, so a password changed
/// anywhere refuses the old one at the next login; every other check runs PBKDF2 on a bounded pool.
/// </summary>
public sealed partial class AccountStore : IDisposable
{
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private const int GeneratedPasswordLength = 20;

    private readonly IAccountCatalog _catalog;
    private readonly PasswordHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _minPasswordLength;
    private readonly PasswordVerificationCache _verified;
    private readonly PasswordCheckPool _pool;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _cacheHits;
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private bool _unreadableReported;

    public AccountStore(IAccountCatalog catalog, IOptions<AccountOptions> options, PasswordHasher hasher, TimeProvider time, ILogger<AccountStore> logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _minPasswordLength = options.Value.MinPasswordLength;
        _hasher = hasher;
        _time = time;
        _logger = logger ?? NullLogger<AccountStore>.Instance;
        _verified = new PasswordVerificationCache(options.Value.PasswordCacheDuration, time);
        _pool = new PasswordCheckPool(options.Value.MaxConcurrentPasswordChecks, options.Value.MaxQueuedPasswordChecks);
    }

    /// <summary>Logins answered from the verification cache since start.</summary>
    public long PasswordCacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>A random password of 20 characters without look-alikes (0/O, 1/l/I).</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString(PasswordAlphabet, GeneratedPasswordLength);

    /// <summary>True while the catalog has never held an account (nothing added, imported or removed): a new installation.</summary>
    public async ValueTask<bool> IsPristineAsync(CancellationToken cancellationToken) =>
        await _catalog.StampAsync(cancellationToken).ConfigureAwait(false) == 0;

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

    /// <summary>The Transfer IDs as the catalog holds them now.</summary>
    public async ValueTask<IReadOnlyList<AccountInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await _catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(a => new AccountInfo(a.Id, a.Created))
            .OrderBy(a => a.Id, StringComparer.Ordinal)];

    public async ValueTask<AccountResult> AddAsync(string id, string password, CancellationToken cancellationToken)
    {
        var idProblem = TransferId.Problem(id);
        if (idProblem is not null)
        {
            return AccountResult.Refused(AccountRefusal.InvalidId, $"Cannot add \"{id}\": {idProblem}.");
        }

        if (await FindAsync(id, StringComparison.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false) is { } clash)
        {
            return AlreadyExists(id, clash.Id);
        }

        var passwordProblem = PasswordProblem(password);
        if (passwordProblem is not null)
        {
            return AccountResult.Refused(AccountRefusal.InvalidPassword, $"Cannot add \"{id}\": {passwordProblem}.");
        }

        var account = new CatalogAccount(id, _hasher.Hash(password), _time.GetUtcNow(), [], null);
        if (!await _catalog.AddAsync(account, cancellationToken).ConfigureAwait(false))
        {
            // Added elsewhere since the look above.
            var other = await FindAsync(id, StringComparison.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
            return AlreadyExists(id, other?.Id ?? id);
        }

        return AccountResult.Done($"Added {id}.");
    }

    public async ValueTask<AccountResult> RemoveAsync(string id, CancellationToken cancellationToken) =>
        await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false) is not null
            && await _catalog.RemoveAsync(id, cancellationToken).ConfigureAwait(false)
            ? AccountResult.Done($"Removed {id}.")
            : AccountResult.Refused(AccountRefusal.NotFound, $"Cannot remove \"{id}\": no such Transfer ID.");

    public async ValueTask<AccountResult> SetPasswordAsync(string id, string password, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound($"Cannot set the password of \"{id}\": no such Transfer ID.");
        }

        var passwordProblem = PasswordProblem(password);
        if (passwordProblem is not null)
        {
            return AccountResult.Refused(AccountRefusal.InvalidPassword, $"Cannot set the password of \"{id}\": {passwordProblem}.");
        }

        var hash = _hasher.Hash(password);
        return await ChangeAsync(id, $"Cannot set the password of \"{id}\": no such Transfer ID.", account => (account with { PasswordHash = hash }, AccountResult.Done($"Changed the password of {id}.")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Transfer ID's own upload quota per day (0: none); null when it has none of its own.</summary>
    public async ValueTask<long?> QuotaBytesPerDayAsync(string id, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return id is not null && snapshot.Accounts.TryGetValue(id, out var entry) ? entry.QuotaBytesPerDay : null;
    }

    /// <summary>Gives the Transfer ID its own upload quota per day (0: none), or with null the configured one again.</summary>
    public async ValueTask<AccountResult> SetQuotaAsync(string id, long? bytesPerDay, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound($"Cannot set the quota of \"{id}\": no such Transfer ID.");
        }

        if (bytesPerDay < 0)
        {
            return AccountResult.Refused(AccountRefusal.InvalidQuota, $"Cannot set the quota of \"{id}\": it must be 0 (no quota) or a positive number of bytes, not {bytesPerDay}.");
        }

        var message = bytesPerDay is { } bytes
            ? $"{id} may upload {(bytes == 0 ? "without a quota" : $"{bytes} bytes a day")}."
            : $"{id} uploads under the configured quota.";
        return await ChangeAsync(id, $"Cannot set the quota of \"{id}\": no such Transfer ID.", account => (account with { QuotaBytesPerDay = bytesPerDay }, AccountResult.Done(message)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the key is one of the Transfer ID's authorized keys.</summary>
    public async ValueTask<bool> IsKeyAuthorizedAsync(string id, string keyType, ReadOnlyMemory<byte> keyBlob, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return id is not null && snapshot.Accounts.TryGetValue(id, out var entry)
            && entry.AuthorizedKeys.Any(line => AuthorizedKey.TryParse(line, out var key, out _) && key!.Matches(keyType, keyBlob.Span));
    }

    /// <summary>The Transfer ID's authorized keys, or null when there is no such ID.</summary>
    public async ValueTask<IReadOnlyList<AuthorizedKey>?> ListKeysAsync(string id, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false);
        if (entry is null)
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

    public async ValueTask<AccountResult> AddKeyAsync(string id, string keyLine, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound($"Cannot add a key to \"{id}\": no such Transfer ID.");
        }

        if (!AuthorizedKey.TryParse(keyLine, out var key, out var problem))
        {
            return AccountResult.Refused(AccountRefusal.InvalidKey, $"Cannot add the key to \"{id}\": {problem}.");
        }

        return await ChangeAsync(id, $"Cannot add a key to \"{id}\": no such Transfer ID.", account => FindKey(account, key!.Fingerprint) is not null
            ? (account, AccountResult.Refused(AccountRefusal.AlreadyExists, $"Cannot add the key to \"{id}\": {key.Fingerprint} is already authorized."))
            : (account with { AuthorizedKeys = [.. account.AuthorizedKeys, key.ToLine()] }, AccountResult.Done($"Added key {key.Fingerprint} to {id}.")), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<AccountResult> RemoveKeyAsync(string id, string fingerprint, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, StringComparison.Ordinal, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound($"Cannot remove a key of \"{id}\": no such Transfer ID.");
        }

        return await ChangeAsync(id, $"Cannot remove a key of \"{id}\": no such Transfer ID.", account => FindKey(account, fingerprint) is { } line
            ? (account with { AuthorizedKeys = [.. account.AuthorizedKeys.Where(other => other != line)] }, AccountResult.Done($"Removed key {fingerprint} of {id}."))
            : (account, AccountResult.Refused(AccountRefusal.NotFound, $"Cannot remove key {fingerprint} of \"{id}\": no such key.")), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _pool.Dispose();
    }

    private static AccountResult NotFound(string message) => AccountResult.Refused(AccountRefusal.NotFound, message);

    private static AccountResult AlreadyExists(string id, string existing) =>
        AccountResult.Refused(AccountRefusal.AlreadyExists, existing == id
            ? $"Cannot add \"{id}\": it already exists."
            : $"Cannot add \"{id}\": \"{existing}\" already exists and differs only in case.");

    private static string? FindKey(CatalogAccount account, string fingerprint) =>
        account.AuthorizedKeys.FirstOrDefault(line => AuthorizedKey.TryParse(line, out var key, out _) && key!.Fingerprint == fingerprint);

    /// <summary>The account as the catalog holds it now (not from the snapshot), matched by <paramref name="comparison"/>.</summary>
    private async ValueTask<CatalogAccount?> FindAsync(string id, StringComparison comparison, CancellationToken cancellationToken) =>
        id is null ? null : (await _catalog.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => string.Equals(a.Id, id, comparison));

    /// <summary>
    /// Applies <paramref name="change"/> to account <paramref name="id"/> in one catalog transaction; a refusal it
    /// returns writes the account back unchanged. The id must match in case, as logins do.
    /// </summary>
    private async ValueTask<AccountResult> ChangeAsync(string id, string notFound, Func<CatalogAccount, (CatalogAccount Account, AccountResult Result)> change, CancellationToken cancellationToken)
    {
        var result = NotFound(notFound);
        await _catalog.UpdateAsync(
            id,
            account =>
            {
                if (account.Id != id)
                {
                    result = NotFound(notFound);
                    return account;
                }

                (var changed, result) = change(account);
                return changed;
            },
            cancellationToken).ConfigureAwait(false);
        return result;
    }

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

    /// <summary>
    /// The accounts as of the catalog's stamp now: one cheap read per call, the whole list only when the stamp moved.
    /// When the catalog cannot be read, the accounts read last are kept (and the failure logged once).
    /// </summary>
    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stamp = await _catalog.StampAsync(cancellationToken).ConfigureAwait(false);
            if (_snapshot.Stamp == stamp)
            {
                return _snapshot;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Read the stamp before the list: a change between the two is seen at the next call.
                stamp = await _catalog.StampAsync(cancellationToken).ConfigureAwait(false);
                if (_snapshot.Stamp != stamp)
                {
                    var accounts = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
                    _snapshot = Snapshot.From(accounts, stamp);
                    LogReloaded(_logger, _snapshot.Accounts.Count, stamp);
                }

                _unreadableReported = false;
                return _snapshot;
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (DbException exception) when (_snapshot.Stamp is not null)
        {
            if (!_unreadableReported)
            {
                _unreadableReported = true;
                LogCatalogUnreadable(_logger, exception);
            }

            return _snapshot;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Password of {User} verified from the cache")]
    private static partial void LogCacheHit(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} Transfer IDs from the catalog (account stamp {Stamp})")]
    private static partial void LogReloaded(ILogger logger, int count, long stamp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot read the accounts from the catalog; keeping the accounts loaded before")]
    private static partial void LogCatalogUnreadable(ILogger logger, Exception exception);

    private sealed record Snapshot(IReadOnlyDictionary<string, CatalogAccount> Accounts, long? Stamp)
    {
        public static readonly Snapshot Empty = new(new Dictionary<string, CatalogAccount>(), null);

        public static Snapshot From(IReadOnlyList<CatalogAccount> accounts, long stamp)
        {
            var byId = new Dictionary<string, CatalogAccount>(StringComparer.Ordinal);
            foreach (var account in accounts)
            {
                byId.TryAdd(account.Id, account);
            }

            return new(byId, stamp);
        }
    }
}
