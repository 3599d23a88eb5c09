using EcurepServer.Core.Configuration;
using EcurepServer.Core.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcurepServer.Management;

/// <summary>
/// /faults: the fault rules in force, with how often each fired. A rule is posted as the Faults section writes it
/// (point, action, code, ...); the id is the query's <c>id</c> or one the server picks. Changes apply to running
/// sessions at their next matching point.
/// </summary>
internal static class FaultEndpoints
{
    public static void Map(RouteGroupBuilder secured)
    {
        secured.MapPost("/faults", (FaultRegistry faults, FaultRuleOptions rule, string? id) =>
        {
            var errors = new List<string>();
            if (id is { } given && (given.Length is 0 or > 64 || !given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            {
                errors.Add($"id: '{given}' must be 1 to 64 letters, digits and - _ .");
            }

            if (rule.ToRule(id ?? "", "rule", errors) is not { } parsed || errors.Count > 0)
            {
                return (IResult)ApiProblems.BadRequest(string.Join(" ", errors));
            }

            var added = faults.Add(parsed with { Id = id });
            return TypedResults.Created($"/faults/{added.Id}", FaultResource.From(faults.List().First(status => status.Rule.Id == added.Id)));
        });

        secured.MapGet("/faults", (FaultRegistry faults) => TypedResults.Ok(faults.List().Select(FaultResource.From).ToList()));

        secured.MapDelete("/faults/{id}", (FaultRegistry faults, string id) => faults.Remove(id)
            ? (IResult)TypedResults.NoContent()
            : ApiProblems.NotFound($"There is no fault rule {id}."));

        secured.MapDelete("/faults", (FaultRegistry faults) => TypedResults.Ok(new FaultsCleared(faults.Clear())));
    }
}
