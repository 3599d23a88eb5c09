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
        secured.MapPost("/faults", async (FaultRegistry faults, FaultRuleOptions rule, string? id, CancellationToken cancellationToken) =>
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

            var added = await faults.AddAsync(parsed with { Id = id }, cancellationToken);
            var status = (await faults.ListAsync(cancellationToken)).First(status => status.Rule.Id == added.Id);
            return TypedResults.Created($"/faults/{added.Id}", FaultResource.From(status));
        });

        secured.MapGet("/faults", async (FaultRegistry faults, CancellationToken cancellationToken) =>
            TypedResults.Ok((await faults.ListAsync(cancellationToken)).Select(FaultResource.From).ToList()));

        secured.MapDelete("/faults/{id}", async (FaultRegistry faults, string id, CancellationToken cancellationToken) => await faults.RemoveAsync(id, cancellationToken)
            ? (IResult)TypedResults.NoContent()
            : ApiProblems.NotFound($"There is no fault rule {id}."));

        secured.MapDelete("/faults", async (FaultRegistry faults, CancellationToken cancellationToken) =>
            TypedResults.Ok(new FaultsCleared(await faults.ClearAsync(cancellationToken))));
    }
}
