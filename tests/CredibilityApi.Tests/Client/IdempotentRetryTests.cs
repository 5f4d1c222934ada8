using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Client;

/// <summary>
/// Issue 18, point 4: a POST whose answer is lost is retried by the client, and the API applies it once, because the
/// client gave it an Idempotency-Key before the first attempt. The first answer is failed on purpose, after the API
/// has written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotentRetryTests(ApiFixture api)
{
    /// <summary>Passes every request to the API, then loses the answer of the first POST as a dropped connection would.</summary>
    private sealed class LoseFirstPostAnswer(HttpMessageHandler server) : DelegatingHandler(server)
    {
        public int Posts { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && ++Posts == 1)
            {
                response.Dispose();
                throw new HttpRequestException("The connection was reset after the request was sent.");
            }

            return response;
        }
    }

    private CredibilityApiClient Client(LoseFirstPostAnswer handler, bool generateKeys) =>
        CredibilityApiClient.Create(api.Factory.Server.BaseAddress, api.AnnotatorKey,
            new CredibilityApiClientOptions { RetryDelay = TimeSpan.FromMilliseconds(10), GenerateIdempotencyKeys = generateKeys }, handler);

    private async Task<int> FramingNotesOn(string articleId)
    {
        var count = 0;
        await foreach (var _ in api.Researcher.ListAllAnnotationsAsync(kind: AnnotationKind.Framing, articleId: articleId))
        {
            count++;
        }

        return count;
    }

    private static RecordFramingRequest Note() => new()
    {
        Framing = new FramingInput { Technique = "name-calling-labeling", Severity = 2, Selector = new TextSelector { Exact = "marauding militants", Prefix = "called them " } },
        Tags = [],
    };

    [Fact]
    public async Task A_retried_post_whose_first_answer_was_lost_is_written_once()
    {
        var fixture = await ArticleFixture.CreateAsync(api.Annotator);
        var handler = new LoseFirstPostAnswer(api.Factory.Server.CreateHandler());

        var note = await Client(handler, generateKeys: true).RecordFramingAsync(fixture.Article.Id, Note());

        handler.Posts.ShouldBe(2);                          // the first answer was lost, the retry got the replay
        (await FramingNotesOn(fixture.Article.Id)).ShouldBe(1);
        (await api.Researcher.GetAnnotationAsync(note.Id)).Id.ShouldBe(note.Id);
    }

    [Fact]
    public async Task Without_the_generated_key_the_same_retry_writes_twice()
    {
        // The control: it shows the test above would see a double write if the key were missing.
        var fixture = await ArticleFixture.CreateAsync(api.Annotator);
        var handler = new LoseFirstPostAnswer(api.Factory.Server.CreateHandler());

        await Client(handler, generateKeys: false).RecordFramingAsync(fixture.Article.Id, Note());

        handler.Posts.ShouldBe(2);
        (await FramingNotesOn(fixture.Article.Id)).ShouldBe(2);
    }
}
