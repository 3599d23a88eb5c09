using EcurepServer.Core.Defender;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcurepServer.Management;

/// <summary>/bans: the defender's bans in force, banning by hand and lifting one (as the bans verb does).</summary>
internal static class BanEndpoints
{
    public static void Map(RouteGroupBuilder secured)
    {
        secured.MapGet("/bans", async (ClientDefender defender, CancellationToken cancellationToken) => TypedResults.Ok(await defender.BansAsync(cancellationToken)));

        secured.MapPost("/bans", async (ClientDefender defender, NewBan request, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(request.Address))
            {
                return ApiProblems.BadRequest("address: give the address or network to ban.");
            }

            TimeSpan? duration = null;
            if (request.For is { } text && (duration = Cli.TimeArgument.Duration(text)) is null)
            {
                return ApiProblems.BadRequest($"for: \"{text}\" is not a duration (90s, 30m, 2h, 7d, 1.02:00:00).");
            }

            try
            {
                var ban = await defender.BanAsync(request.Address, duration, request.Reason, cancellationToken);
                return (IResult)TypedResults.Created($"/bans/{Uri.EscapeDataString(ban.Network)}", ban);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        });

        // A network such as 2001:db8::/64 has a slash; it may come as is or encoded.
        secured.MapDelete("/bans/{**address}", async (ClientDefender defender, string address, CancellationToken cancellationToken) =>
        {
            var target = Uri.UnescapeDataString(address);
            try
            {
                return await defender.LiftAsync(target, cancellationToken) is null
                    ? ApiProblems.NotFound($"{target} is not banned.")
                    : (IResult)TypedResults.NoContent();
            }
            catch (FormatException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        });
    }
}
