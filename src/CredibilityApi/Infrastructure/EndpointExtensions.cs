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

    /// <summary>
    /// Declares the 422 of an endpoint that anchors a selector as an <see cref="AnchorProblem"/>: a validation problem
    /// with a title naming the failure, and <c>occurrences</c> and <c>suggestion</c> when they help.
    /// </summary>
    public static RouteHandlerBuilder AnchorProblems(this RouteHandlerBuilder builder) =>
        builder.Produces<AnchorProblem>(StatusCodes.Status422UnprocessableEntity, "application/problem+json");

    /// <summary>
    /// The statuses every authenticated endpoint can answer, whatever it does: 400 for a query parameter it does not take
    /// (<see cref="QueryParameterPreProcessor"/>), 401, 429 and 500.
    /// </summary>
    public static RouteHandlerBuilder CommonProblems(this RouteHandlerBuilder builder) =>
        builder.Problems(400, 401, 429, 500);
}
