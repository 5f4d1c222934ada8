using System.Runtime.CompilerServices;

namespace CredibilityApi.Client;

/// <summary>An annotator's campaign queue, one item at a time.</summary>
public static class WorkQueue
{
    /// <summary>
    /// The caller's pending assignments, next first, fetched again after each one so that items skipped, reassigned
    /// or submitted meanwhile are seen. Rate the article (or skip the assignment) before asking for the next: an
    /// item handed out twice in a row means it was neither, and the loop stops with an exception saying so rather
    /// than spin.
    /// <code>
    /// await foreach (var item in client.WorkQueueAsync(campaignId))
    ///     await client.RateArticleAsync(item.ArticleId, MyRating(item));   // or SkipAssignmentAsync(item.Id, ...)
    /// </code>
    /// </summary>
    public static async IAsyncEnumerable<Assignment> WorkQueueAsync(this ICredibilityApiClient client, string? campaignId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? previous = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await client.ListMyAssignmentsAsync(campaignId, AssignmentState.Pending, cursor: null, limit: 1, cancellationToken).ConfigureAwait(false);
            var next = page.Items.FirstOrDefault();
            if (next is null)
            {
                yield break;
            }

            if (next.Id == previous)
            {
                throw new InvalidOperationException(
                    $"Assignment {next.Id} is still pending: rate its article on every dimension the campaign asks for, or skip it, before taking the next.");
            }

            previous = next.Id;
            yield return next;
        }
    }
}
