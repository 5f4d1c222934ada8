using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using FastEndpoints;

namespace CredibilityApi.Features.Claims;

/// <summary>The checks registering and editing a claim share: the selector anchors, the tags exist.</summary>
internal static class ClaimChecks
{
    /// <summary>Anchors the selector, or sends a 422 naming every problem (and stops the handler).</summary>
    public static async Task<Anchor> AnchorAsync<TRequest, TResponse>(
        Endpoint<TRequest, TResponse> endpoint, CredibilityDbContext db, Article article, ClaimFields fields, CancellationToken ct)
        where TRequest : ClaimFields
        where TResponse : notnull
    {
        var result = Anchoring.Resolve(article.Body, fields.Selector.ToDomain());
        if (!result.Succeeded)
        {
            endpoint.ValidationFailures.Add(AnnotationStore.AnchorFailure(result, "selector"));
        }

        if (await AnnotationStore.CheckTagsAsync(db, fields.Tags, "tags", ct) is { } tagError)
        {
            endpoint.ValidationFailures.Add(tagError);
        }

        endpoint.ThrowIfAnyErrors(StatusCodes.Status422UnprocessableEntity);
        return result.Anchor!;
    }
}
