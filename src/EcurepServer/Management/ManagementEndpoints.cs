using EcurepServer.Core.Accounts;
using EcurepServer.Core.Catalog;
using EcurepServer.Core.Maintenance;
using EcurepServer.Core.Sessions;
using EcurepServer.Core.Transcripts;
using EcurepServer.Settings;
using EcurepServer.Transcripts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EcurepServer.Management;

/// <summary>The management API's routes: /healthz and /readyz for anyone, everything else behind the bearer token.</summary>
internal static class ManagementEndpoints
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    public static void Map(WebApplication app, ManagementToken token, ManagementOptions options)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("ok")));
        app.MapGet("/readyz", (ReadinessProbe probe) => probe.NotReadyReason() is { } reason
            ? (IResult)ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Not ready", reason)
            : TypedResults.Ok(new HealthStatus("ready")));

        var secured = app.MapGroup(string.Empty).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var guesses = http.RequestServices.GetRequiredService<TokenGuessLimit>();
            var address = http.Connection.RemoteIpAddress;
            if (guesses.RefusedFor(address) is { } wait)
            {
                return TooManyWrongTokens(http, wait);
            }

            var authorization = http.Request.Headers.Authorization;
            if (token.Accepts(authorization))
            {
                return await next(context);
            }

            if (!string.IsNullOrEmpty(authorization))
            {
                guesses.Failed(address);
            }

            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "This endpoint requires the management token: Authorization: Bearer <token>.");
        });

        secured.MapGet("/uploads", async (UploadCatalog catalog, string? since, string? account, string? site, string? @case, string? pmr, string? session, string? name, string? last, CancellationToken cancellationToken) =>
        {
            var query = QueryParameters.Uploads(since, account, site, @case, pmr, session, name, out var problem);
            var newest = QueryParameters.Last(last, options.MaxListedUploads, out var lastProblem);
            return (problem ?? lastProblem) is { } bad
                ? (IResult)ApiProblems.BadRequest(bad)
                : TypedResults.Ok((await catalog.ListAsync(query with { Last = newest }, cancellationToken)).Select(UploadResource.From).ToList());
        });

        secured.MapGet("/uploads/wait", async (UploadCatalog catalog, string? since, string? account, string? site, string? @case, string? pmr, string? session, string? name, string? timeout, CancellationToken cancellationToken) =>
        {
            var query = QueryParameters.Uploads(since, account, site, @case, pmr, session, name, out var problem);
            var wait = QueryParameters.Timeout(timeout, DefaultWait, options.MaxWaitTimeout, out var timeoutProblem);
            if ((problem ?? timeoutProblem) is { } bad)
            {
                return (IResult)ApiProblems.BadRequest(bad);
            }

            var found = await catalog.WaitAsync(query, wait!.Value, cancellationToken);
            return found is null
                ? ApiProblems.Problem(StatusCodes.Status408RequestTimeout, "No matching upload", $"No upload matching the query was delivered within {wait}.")
                : TypedResults.Ok(UploadResource.From(found));
        });

        secured.MapGet("/uploads/{id}", async (UploadCatalog catalog, string id, CancellationToken cancellationToken) =>
            await catalog.FindAsync(id, cancellationToken) is { } entry
                ? (IResult)TypedResults.Ok(UploadResource.From(entry))
                : ApiProblems.NotFound($"There is no upload {id}."));

        secured.MapGet("/uploads/{id}/content", async (UploadCatalog catalog, HttpContext http, string id, CancellationToken cancellationToken) =>
        {
            if (await catalog.FindAsync(id, cancellationToken) is not { } entry)
            {
                return (IResult)ApiProblems.NotFound($"There is no upload {id}.");
            }

            if (catalog.OpenContent(entry) is not { } content)
            {
                return ApiProblems.Problem(StatusCodes.Status410Gone, "Gone", $"The file of upload {id} was deleted (retention or reset).");
            }

            // RFC 3230's Digest and its successor RFC 9530's Repr-Digest, from the receipt's SHA-256.
            var digest = Convert.ToBase64String(Convert.FromHexString(entry.Receipt.Sha256));
            http.Response.Headers["Digest"] = $"sha-256={digest}";
            http.Response.Headers["Repr-Digest"] = $"sha-256=:{digest}:";
            return TypedResults.Stream(content, "application/octet-stream");
        });

        secured.MapGet("/sessions/active", async (LiveSessions live, DropBox dropBox, ClaimedUploads claimed, SessionsElsewhere elsewhere, CancellationToken cancellationToken) =>
            TypedResults.Ok(ActiveSession.List(
                live.Connected, await claimed.WithOtherNodesAsync(dropBox.UploadsInProgress, cancellationToken), await elsewhere.ListAsync(cancellationToken))));

        secured.MapGet("/sessions", async (TranscriptStore transcripts, string? since, string? account, string? site, string? protocol, bool? failed, CancellationToken cancellationToken) =>
        {
            var filter = QueryParameters.Sessions(since, account, site, protocol, failed, out var problem);
            return problem is not null
                ? (IResult)ApiProblems.BadRequest(problem)
                : TypedResults.Ok(await transcripts.ListAsync(filter, cancellationToken));
        });

        secured.MapGet("/sessions/{id}", async (TranscriptStore transcripts, string id, CancellationToken cancellationToken) =>
        {
            if (transcripts.FileOf(id) is not { } file)
            {
                return (IResult)ApiProblems.BadRequest($"id: '{id}' is not a session id (such as 20261203T081502Z-7f3a).");
            }

            if (!File.Exists(file))
            {
                return ApiProblems.NotFound($"There is no transcript of session {id} (never kept, or deleted by retention or reset).");
            }

            // The events exactly as stored (and as "sessions show --json" prints them), as one JSON array.
            var events = await TranscriptStore.ReadAsync(file, cancellationToken);
            return TypedResults.Text("[" + string.Join(",", events.Select(TranscriptStore.Serialize)) + "]", "application/json");
        });

        secured.MapPost("/accounts", async (AccountStore accounts, NewAccount account, CancellationToken cancellationToken) =>
        {
            if (account.Id is not { } id || !TransferId.IsValid(id))
            {
                return (IResult)ApiProblems.BadRequest($"id: '{account.Id}' is not a Transfer ID (1 to 64 letters, digits and . _ @ -, starting with a letter or digit; not anonymous or ftp).");
            }

            var password = account.Password ?? AccountStore.GeneratePassword();
            var added = await accounts.AddAsync(id, password, cancellationToken);
            if (!added.Succeeded)
            {
                return added.Refusal == AccountRefusal.AlreadyExists
                    ? ApiProblems.Problem(StatusCodes.Status409Conflict, "Conflict", added.Message)
                    : ApiProblems.BadRequest(added.Message);
            }

            if (account.PublicKey is { } key)
            {
                var keyAdded = await accounts.AddKeyAsync(id, key, cancellationToken);
                if (!keyAdded.Succeeded)
                {
                    await accounts.RemoveAsync(id, CancellationToken.None);
                    return ApiProblems.BadRequest(keyAdded.Message);
                }
            }

            return TypedResults.Created($"/accounts/{id}", new CreatedAccount(id, password));
        });

        secured.MapDelete("/accounts/{id}", async (AccountStore accounts, string id, CancellationToken cancellationToken) =>
        {
            var removed = await accounts.RemoveAsync(id, cancellationToken);
            return removed.Succeeded
                ? (IResult)TypedResults.NoContent()
                : removed.Refusal is AccountRefusal.NotFound or AccountRefusal.InvalidId
                    ? ApiProblems.NotFound(removed.Message)
                    : ApiProblems.BadRequest(removed.Message);
        });

        secured.MapPost("/reset", async (DropBoxReset reset, DropBox dropBox, LiveSessions live, TranscriptWriter transcripts, bool? accounts, bool? force, CancellationToken cancellationToken) =>
        {
            if (force == true)
            {
                // The sessions uploading are ended first, so none of them writes on while the files go, and their
                // transcripts' last lines are written before the transcripts are deleted.
                await live.EndAsync(dropBox.UploadsInProgress.Select(upload => upload.SessionId), EndReasons.Reset, options.SessionEndTimeout, cancellationToken);
                await transcripts.FlushAsync(cancellationToken);
            }

            var result = await reset.ResetAsync(accounts ?? false, force ?? false, cancellationToken);
            return result.Refused
                ? (IResult)ApiProblems.Problem(StatusCodes.Status409Conflict, "Uploads in progress", $"{string.Join(", ", result.InProgress)}: wait for them, or reset with force=true, which ends them.")
                : TypedResults.Ok(new ResetOutcome(result.DeletedFiles, result.DeletedTranscripts, result.EndedUploads, result.RemovedAccounts));
        });

        FaultEndpoints.Map(secured);
        BanEndpoints.Map(secured);
        MetricsEndpoints.Map(options.MetricsRequireToken ? secured : app.MapGroup(string.Empty));
        secured.MapOpenApi("/openapi.json");
    }

    /// <summary>The answer to a request of an address that presented too many wrong tokens: 429 with the seconds until it may try again.</summary>
    public static IResult TooManyWrongTokens(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many wrong tokens", $"Too many wrong management tokens came from your address; try again in {seconds} s.");
    }
}
