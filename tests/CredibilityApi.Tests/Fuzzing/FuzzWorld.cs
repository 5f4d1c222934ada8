using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Fuzzing;

/// <summary>
/// The real resources the fuzzer aims at, and the valid seed request of each write operation: the
/// operation's example from the contract with real ids, current ETags and fresh unique names put in.
/// A resource that a successful case changed (an outlet updated, an annotation hidden, a key revoked)
/// is dropped and made again on next use, so later cases still hit real, current rows.
/// </summary>
public sealed class FuzzWorld(ApiFixture api)
{
    /// <summary>An article body holding every quote the contract's examples select, each exactly once.</summary>
    public const string ArticleBody =
        "Forces advanced 40 km overnight, a spokesman said on Twitter. An unnamed official confirmed the report. " +
        "Officials called them marauding militants.";

    private readonly Dictionary<string, JsonObject> _resources = [];
    private readonly HttpClient _annotator = api.Factory.CreateHttpClient(api.AnnotatorKey);
    private readonly HttpClient _admin = api.Factory.CreateHttpClient(ApiFactory.AdminKey);
    private readonly string _run = Unique.Label()[..6];
    private int _counter;

    public HttpClient ClientFor(string role) => role == "admin" ? _admin : _annotator;

    /// <summary>Who sends an operation: an annotator when the contract lets one, so own-resource rules apply; otherwise an admin.</summary>
    public static string RoleFor(WriteOperation operation) =>
        operation.Roles.Contains("annotator") || operation.Roles.Count == 0 ? "annotator" : "admin";

    /// <summary>The valid request of <paramref name="operation"/>, and the resource slots its path uses.</summary>
    public async Task<(FuzzRequest Request, JsonNode? Body, IReadOnlyList<string> Slots)> SeedAsync(WriteOperation operation)
    {
        var url = operation.PathTemplate;
        var slots = new List<string>();
        string? etag = null;
        foreach (var parameter in operation.PathParameters)
        {
            var slot = SlotFor(operation, parameter.Name);
            var resource = await GetAsync(slot);
            slots.Add(slot);
            etag = (string?)resource["etag"] ?? etag;
            url = url.Replace("{" + parameter.Name + "}", Uri.EscapeDataString((string)resource["id"]!), StringComparison.Ordinal);
        }

        var body = operation.BodyExample?.DeepClone() ?? (operation.BodySchema is null ? null : new JsonObject());
        if (body is JsonObject fields)
        {
            await FillAsync(operation.OperationId, fields);
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (operation.Declares("If-Match"))
        {
            headers.Add(new("If-Match", etag ?? throw new InvalidOperationException($"{operation} needs an ETag but its resource has none.")));
        }

        var request = new FuzzRequest(
            operation.Method,
            url,
            RoleFor(operation),
            headers,
            body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()),
            body is null ? null : "application/json");
        return (request, body, slots);
    }

    /// <summary>After a successful case: drop what it changed, and undo changes that would break other seeds.</summary>
    public async Task AfterSuccessAsync(FuzzCase fuzzCase, int status)
    {
        // A 201 made something new beside the resources in its path; anything else changed them.
        if (status != 201)
        {
            foreach (var slot in fuzzCase.Slots.Where(s => s != "account"))
            {
                _resources.Remove(slot);
            }
        }

        if (fuzzCase.Operation.OperationId == "PublishRubric")
        {
            // A valid mutation may publish a rubric without the dimensions the rating seeds use.
            var restore = await SendAsync(_admin, HttpMethod.Post, "/api/v1/rubrics", fuzzCase.Operation.BodyExample!);
            restore.ShouldNotBeNull("the example rubric is published again");
        }
    }

    private static string SlotFor(WriteOperation operation, string parameter)
    {
        var segments = operation.PathTemplate.Split('/');
        var index = Array.IndexOf(segments, "{" + parameter + "}");
        var collection = index > 0 ? segments[index - 1] : parameter;
        return collection switch
        {
            "outlets" => "outlet",
            "claims" => "claim",
            "accounts" => "account",
            "keys" => "key",
            "articles" when operation.OperationId == "RateArticle" => "rating-article",
            "articles" when operation.OperationId == "MergeArticles" => "merge-article",
            "articles" => "article",
            "campaigns" when operation.OperationId == "SetGoldItem" => "gold-campaign",
            "campaigns" when operation.OperationId == "Adjudicate" => "adjudication-campaign",
            "campaigns" => "campaign",
            "assignments" => "assignment",
            "annotations" => operation.OperationId switch
            {
                "HideAnnotation" => "visible-note",
                "UnhideAnnotation" => "hidden-note",
                "RetractAnnotation" => "retractable-note",
                _ => "editable-note",
            },
            _ => throw new InvalidOperationException($"The fuzzer does not know what {{{parameter}}} of {operation} names; teach FuzzWorld.SlotFor."),
        };
    }

    private async Task<JsonObject> GetAsync(string slot)
    {
        if (!_resources.TryGetValue(slot, out var resource))
        {
            resource = await CreateAsync(slot);
            _resources[slot] = resource;
        }

        return resource;
    }

    private async Task<JsonObject> CreateAsync(string slot)
    {
        switch (slot)
        {
            case "outlet":
                return await CreateFromSeedAsync(_annotator, "/api/v1/outlets", "RegisterOutlet");
            case "article":
            case "rating-article":
            case "merge-article":
                return await CreateFromSeedAsync(_annotator, "/api/v1/articles", "RegisterArticle");
            case "claim":
                var article = await GetAsync("article");
                return await CreateFromSeedAsync(_annotator, $"/api/v1/articles/{article["id"]}/claims", "RegisterClaim");
            case "account":
                return new JsonObject { ["id"] = api.AnnotatorAccount.Id };
            case "key":
                return await CreateFromSeedAsync(_annotator, $"/api/v1/accounts/{api.AnnotatorAccount.Id}/keys", "IssueKey");
            case "hidden-note":
                var note = await CreateFromSeedAsync(_annotator, "/api/v1/provenance-notes", "RecordProvenance");
                return await SendAsync(_admin, HttpMethod.Post, $"/api/v1/annotations/{note["id"]}/hide", new JsonObject { ["reason"] = "Hidden for the fuzzer." })
                    ?? throw new InvalidOperationException("Hiding a fresh note failed.");
            case "campaign":
                return await CreateFromSeedAsync(_admin, "/api/v1/campaigns", "CreateCampaign");
            case "assignment":
                // A campaign of its own with two articles for a pool of two, k = 1, opened: each annotator holds one
                // article, and the other annotator can take it over.
                var design = Examples["CreateCampaign"].DeepClone().AsObject();
                await FillAsync("CreateCampaign", design);
                var second = await CreateFromSeedAsync(_annotator, "/api/v1/articles", "RegisterArticle");
                design["articleIds"]!.AsArray().Add((string)second["id"]!);
                var draft = await SendAsync(_admin, HttpMethod.Post, "/api/v1/campaigns", design)
                    ?? throw new InvalidOperationException("Creating a campaign for an assignment failed.");
                await SendAsync(_admin, HttpMethod.Post, $"/api/v1/campaigns/{draft["id"]}/open", new JsonObject());
                var queue = JsonNode.Parse(await _annotator.GetStringAsync($"/api/v1/me/assignments?campaignId={draft["id"]}"))!;
                return queue["items"]!.AsArray().Single()!.AsObject();
            case "gold-campaign":
                return await OpenedCampaignAsync(false);
            case "adjudication-campaign":
                // The annotator adjudicates; the two annotators' factual_accuracy ratings of the item disagree.
                var disputed = await OpenedCampaignAsync(true);
                var item = (string)disputed["itemId"]!;
                await api.Annotator.RateArticleAsync(item, Rating(10));
                await api.OtherAnnotator.RateArticleAsync(item, Rating(90));
                return disputed;
            default:
                return await CreateFromSeedAsync(_annotator, "/api/v1/provenance-notes", "RecordProvenance");
        }
    }

    /// <summary>An opened campaign of one fresh article (its id in itemId); with <paramref name="disputed"/>, k = 2 and the annotator as adjudicator.</summary>
    private async Task<JsonObject> OpenedCampaignAsync(bool disputed)
    {
        var design = Examples["CreateCampaign"].DeepClone().AsObject();
        await FillAsync("CreateCampaign", design);
        if (disputed)
        {
            design["overlap"] = 2;
            design["adjudicators"] = new JsonArray(api.AnnotatorAccount.Id);
        }

        var draft = await SendAsync(_admin, HttpMethod.Post, "/api/v1/campaigns", design)
            ?? throw new InvalidOperationException("Creating a campaign failed.");
        var opened = await SendAsync(_admin, HttpMethod.Post, $"/api/v1/campaigns/{draft["id"]}/open", new JsonObject())
            ?? throw new InvalidOperationException("Opening a campaign failed.");
        opened["itemId"] = (string)design["articleIds"]!.AsArray().Single()!;
        return opened;
    }

    private static CredibilityApi.Client.RateArticleRequest Rating(double value) => new()
    {
        Values = [new CredibilityApi.Client.RatingValue { Dimension = "factual_accuracy", Value = value }],
        Tags = [],
    };

    private async Task<JsonObject> CreateFromSeedAsync(HttpClient http, string path, string operationId)
    {
        var body = Examples.TryGetValue(operationId, out var example) ? example.DeepClone().AsObject() : new JsonObject();
        await FillAsync(operationId, body);
        return await SendAsync(http, HttpMethod.Post, path, body)
            ?? throw new InvalidOperationException($"Creating a resource with the {operationId} seed failed.");
    }

    /// <summary>The examples, by operation id, taken from the contract by <see cref="Load"/>.</summary>
    private Dictionary<string, JsonObject> Examples { get; } = [];

    public void Load(IEnumerable<WriteOperation> operations)
    {
        foreach (var operation in operations)
        {
            if (operation.BodyExample is JsonObject example)
            {
                Examples[operation.OperationId] = example;
            }
        }
    }

    /// <summary>What an example cannot know: real ids, names no other row has, instants in the future.</summary>
    private async Task FillAsync(string operationId, JsonObject body)
    {
        switch (operationId)
        {
            case "RegisterOutlet":
            case "UpdateOutlet":
                var domain = NextDomain();
                body["primaryDomain"] = domain;

                // A name no other outlet has: the example's name, registered twice, is a duplicate-name 409.
                body["name"] = $"Fuzz outlet {domain}";
                body["aliases"] = new JsonArray(NextDomain());
                if (body.ContainsKey("homepage") && body["homepage"] is not null)
                {
                    body["homepage"] = $"https://www.{domain}/";
                }

                break;
            case "RegisterArticle":
                var outlet = await GetAsync("outlet");
                body["url"] = $"https://{outlet["primaryDomain"]}/world/{Next()}.html";
                body["body"] = ArticleBody;
                break;
            case "MergeArticles":
                // A merge uses its duplicate up, so every seed merges a fresh one.
                var duplicate = await CreateFromSeedAsync(_annotator, "/api/v1/articles", "RegisterArticle");
                body["duplicateId"] = (string)duplicate["id"]!;
                break;
            case "RecordProvenance":
                var claim = await GetAsync("claim");
                body["target"] = new JsonObject { ["type"] = "claim", ["id"] = (string)claim["id"]! };
                break;
            case "ImportAnnotations":
                var target = await GetAsync("article");
                foreach (var record in body["annotations"]!.AsArray().OfType<JsonObject>())
                {
                    record["target"] = new JsonObject { ["type"] = "article", ["id"] = (string)target["id"]! };
                    record["authorId"] = api.AnnotatorAccount.Id;
                }

                break;
            case "CreateCampaign":
                // Listed, not sampled: a fresh article of its own, given to the annotator (k = 1 of a pool of two).
                var listed = await CreateFromSeedAsync(_annotator, "/api/v1/articles", "RegisterArticle");
                body.Remove("sampling");
                body["name"] = $"Fuzz campaign {Next()}";
                body["overlap"] = 1;
                body["pool"] = new JsonArray(api.AnnotatorAccount.Id, api.OtherAnnotatorAccount.Id);
                body["articleIds"] = new JsonArray((string)listed["id"]!);
                break;
            case "SetGoldItem":
                body["articleId"] = (string)(await GetAsync("gold-campaign"))["itemId"]!;
                break;
            case "Adjudicate":
                body["articleId"] = (string)(await GetAsync("adjudication-campaign"))["itemId"]!;
                break;
            case "IssueKey":
                body["expiresAt"] = DateTimeOffset.UtcNow.AddYears(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "AddTechnique":
            case "AddTag":
                body["key"] = $"fuzz-{_run}-{Next()}";
                break;
        }
    }

    private string NextDomain() => $"fuzz{_run}-{Next()}.example";

    private int Next() => Interlocked.Increment(ref _counter);

    private static async Task<JsonObject?> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path} with {body.ToJsonString()} must succeed: {(int)response.StatusCode} {text}");
        var result = JsonNode.Parse(text)!.AsObject();
        if (response.Headers.ETag is { } etag)
        {
            result["etag"] = etag.ToString();
        }

        return result;
    }
}
