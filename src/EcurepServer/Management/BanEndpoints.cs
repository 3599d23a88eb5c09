using EcurepServer.Core.Defender;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcurepServer.Management;

/// <summary>/bans: the defender's bans in force, and lifting one (as the bans verb does).</summary>
internal static class BanEndpoints
{
    public static void Map(RouteGroupBuilder secured)
    {
        secured.MapGet("/bans", async (ClientDefender defender, CancellationToken cancellationToken) => TypedResults.Ok(await defender.BansAsync(cancellationToken)));

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
