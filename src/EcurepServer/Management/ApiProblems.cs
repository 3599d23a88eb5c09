using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcurepServer.Management;

/// <summary>Every error of the API as RFC 9457 problem details (application/problem+json).</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);
}
