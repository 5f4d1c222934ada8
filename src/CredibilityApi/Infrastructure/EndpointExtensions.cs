using FastEndpoints;

namespace CredibilityApi.Infrastructure;

public static class EndpointExtensions
{
    /// <summary>
    /// Declares the problem responses an endpoint can send: field errors (400, 422) as
    /// <c>ValidationProblem</c>, everything else as <c>Problem</c>.
    /// </summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status is 400 or 422)
            {
                builder.ProducesProblemDetails(status, "application/problem+json");
            }
            else
            {
                builder.ProducesProblemFE<Microsoft.AspNetCore.Mvc.ProblemDetails>(status, "application/problem+json");
            }
        }

        return builder;
    }

    /// <summary>The statuses every authenticated endpoint can answer, whatever it does.</summary>
    public static RouteHandlerBuilder CommonProblems(this RouteHandlerBuilder builder) =>
        builder.Problems(401, 429, 500);
}
