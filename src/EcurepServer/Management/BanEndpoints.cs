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
        secured.MapGet("/bans", (ClientDefender defender) => TypedResults.Ok(defender.Bans()));

        // A network such as 2001:db8::/64 has a slash; it may come as is or encoded.
        secured.MapDelete("/bans/{**address}", (ClientDefender defender, string address) =>
        {
            var target = Uri.UnescapeDataString(address);
            try
            {
                return defender.Lift(target) is null
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
