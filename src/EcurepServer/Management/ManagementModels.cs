using EcurepServer.Core.Catalog;
using EcurepServer.Core.Faults;
using EcurepServer.Core.Receipts;
using EcurepServer.Transcripts;

namespace EcurepServer.Management;

/// <summary>A delivered upload as the API shows it: its receipt, its id, its route and when retention deleted it (null while kept).</summary>
public sealed record UploadResource(
    string Id,
    string Path,
    long Size,
    string Sha256,
    string Account,
    bool Anonymous,
    string Site,
    string Protocol,
    string ClientAddress,
    string SessionId,
    DateTimeOffset StartedUtc,
    DateTimeOffset CompletedUtc,
    string Route,
    string? Case,
    string? Pmr,
    string? StoredPath,
    DateTimeOffset? DeletedUtc)
{
    public static UploadResource From(ReceiptEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var receipt = entry.Receipt;
        return new UploadResource(
            UploadCatalog.IdOf(receipt), receipt.Path, receipt.Size, receipt.Sha256, receipt.Account, receipt.Anonymous, receipt.Site,
            receipt.Protocol, receipt.ClientAddress, receipt.SessionId, receipt.StartedUtc, receipt.CompletedUtc,
            entry.Route.Kind.ToString().ToLowerInvariant(), entry.Route.Case, entry.Route.Pmr, receipt.StoredPath, entry.Deletion?.DeletedUtc);
    }
}

/// <summary>
/// A connected session: its id, door, client, account once logged in, start, and the bytes its uploads in progress
/// hold so far. Sessions other nodes published to the catalog, and uploads of a session no node lists (opened on the
/// drop box directly), are listed too.
/// </summary>
public sealed record ActiveSession(
    string SessionId, string? Site, string? Protocol, string? Account, bool Anonymous, string? ClientAddress, DateTimeOffset StartedUtc, long BytesInFlight, IReadOnlyList<ActiveUpload> Uploads)
{
    /// <param name="elsewhere">The sessions connected to other nodes (none: this node's only).</param>
    public static List<ActiveSession> List(IReadOnlyList<LiveSession> connected, IReadOnlyList<UploadInProgress> uploads, IReadOnlyList<ConnectedSession>? elsewhere = null)
    {
        ArgumentNullException.ThrowIfNull(connected);
        ArgumentNullException.ThrowIfNull(uploads);
        var bySession = uploads.GroupBy(upload => upload.SessionId, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var sessions = connected.Select(session =>
        {
            var own = bySession.GetValueOrDefault(session.Id) ?? [];
            return new ActiveSession(
                session.Id, session.Site, session.Protocol, session.Account, session.Anonymous, session.ClientAddress, session.StartedUtc,
                own.Sum(upload => upload.Bytes), UploadsOf(own));
        }).ToList();
        var followed = connected.Select(session => session.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var session in elsewhere ?? [])
        {
            if (followed.Add(session.SessionId))
            {
                var own = bySession.GetValueOrDefault(session.SessionId) ?? [];
                sessions.Add(new ActiveSession(
                    session.SessionId, session.Site, session.Protocol, session.Account, session.Anonymous, session.ClientAddress, session.StartedUtc,
                    own.Sum(upload => upload.Bytes), UploadsOf(own)));
            }
        }

        sessions.AddRange(bySession.Where(group => !followed.Contains(group.Key)).Select(group =>
        {
            var first = group.Value[0];
            return new ActiveSession(
                first.SessionId, first.Site, first.Protocol, first.Account, first.Anonymous, first.ClientAddress,
                group.Value.Min(upload => upload.StartedUtc), group.Value.Sum(upload => upload.Bytes), UploadsOf(group.Value));
        }));
        return sessions;
    }

    private static List<ActiveUpload> UploadsOf(List<UploadInProgress> uploads) =>
        [.. uploads.Select(upload => new ActiveUpload(upload.Path, upload.Bytes, upload.StartedUtc))];
}

public sealed record ActiveUpload(string Path, long Bytes, DateTimeOffset StartedUtc);

/// <summary>POST /bans: the address or network to ban, for how long (90s, 30m, 2h, 7d; default Defender:BanTime) and why.</summary>
public sealed record NewBan(string? Address, string? For, string? Reason);

/// <summary>POST /accounts: the Transfer ID, its password (generated when absent) and an optional OpenSSH public key line.</summary>
public sealed record NewAccount(string? Id, string? Password, string? PublicKey);

/// <summary>The created account; the password is shown here only.</summary>
public sealed record CreatedAccount(string Id, string Password);

public sealed record ResetOutcome(int DeletedFiles, int DeletedTranscripts, int EndedUploads, int RemovedAccounts);

public sealed record HealthStatus(string Status);

/// <summary>A fault rule as GET /faults shows it: the fields POST /faults takes, and how often it fired.</summary>
public sealed record FaultResource(
    string Id,
    string? Site,
    string? Protocol,
    string? Account,
    string? Client,
    string Point,
    string Action,
    int? Code,
    string? Text,
    TimeSpan? Delay,
    long? BytesPerSecond,
    bool Graceful,
    int? Times,
    double Probability,
    int? Seed,
    TimeSpan? ExpiresAfter,
    long Fired,
    bool Exhausted,
    DateTimeOffset AddedUtc)
{
    public static FaultResource From(FaultRuleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var (rule, action, match) = (status.Rule, status.Rule.Action, status.Rule.Match);
        return new FaultResource(
            rule.Id!, match.Site, match.Protocol, match.Account, match.Client?.ToString(), rule.Point.ToString(), FaultActionNames.Name(action.Kind),
            action.Kind == FaultActionKind.Reply ? action.Code : null, action.Text,
            action.Kind == FaultActionKind.Delay ? action.Duration : null,
            action.Kind == FaultActionKind.Throttle ? action.BytesPerSecond : null,
            action.Graceful, rule.Times, rule.Probability, rule.Seed, rule.ExpiresAfter, status.Fired, status.Exhausted, status.Added);
    }
}

public sealed record FaultsCleared(int Removed);
