using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Conventions;

/// <summary>Who may call an operation. Combine roles with <c>|</c>.</summary>
[Flags]
public enum Access
{
    Anonymous = 1,
    Admin = 2,
    Annotator = 4,
    Researcher = 8,
    Writers = Admin | Annotator,
    Everyone = Admin | Annotator | Researcher,
}

/// <summary>An account whose request a table row builds: its own account id, and a client to set up what it needs.</summary>
public sealed record Actor(Access Role, string AccountId, CredibilityApiClient Client)
{
    public bool Writes => (Role & Access.Writers) != 0;
}

/// <summary>
/// A request to one operation, as a row builds it: values for the route template's parameters, a query
/// string, a JSON body and an If-Match. Method and path template come from the OpenAPI document.
/// </summary>
public sealed record Call(IReadOnlyDictionary<string, string> RouteValues, string QueryString, object? Json, string? ETag)
{
    public static readonly Call Plain = new(new Dictionary<string, string>(), "", null, null);

    public static Call At(params (string Name, string Value)[] route) =>
        Plain with { RouteValues = route.ToDictionary(r => r.Name, r => r.Value) };

    public static Call With(object json) => Plain with { Json = json };

    public Call Body(object json) => this with { Json = json };

    public Call Query(string query) => this with { QueryString = query };

    public Call IfMatch(string etag) => this with { ETag = etag };
}

/// <summary>
/// A caller of the matrix: a role (null when the credentials must not authenticate, with words the 401
/// must give as its reason), the account whose request is built for it, and how it signs a request.
/// </summary>
public sealed record Principal(string Name, Access? Role, Actor BuildsAs, Action<HttpRequestHeaders> Sign, string? Refusal = null);

/// <summary>One operation of the served OpenAPI document.</summary>
public sealed record Operation(string Id, string Method, string Path, IReadOnlyList<string> DeclaredRoles)
{
    public override string ToString() => $"{Id} ({Method} {Path})";
}

/// <summary>
/// An app of its own for the authorization matrix, on a clock the test can move, with an account of each
/// role, shared resources to read, helpers that make fresh ones to use up, and the principals of the matrix.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    private HttpClient _http = null!;

    public ClockedApiFactory Factory { get; } = new();

    public CredibilityApiClient Admin { get; private set; } = null!;
    public Actor AdminActor { get; private set; } = null!;
    public Actor AnnotatorActor { get; private set; } = null!;
    public Actor OtherAnnotatorActor { get; private set; } = null!;
    public Actor ResearcherActor { get; private set; } = null!;

    /// <summary>Shared, never changed: an outlet, an article with a body, a claim and a note on it by the annotator.</summary>
    public Outlet Outlet { get; private set; } = null!;
    public Article Article { get; private set; } = null!;
    public Claim Claim { get; private set; } = null!;
    public Annotation Note { get; private set; } = null!;

    public IReadOnlyList<Principal> Principals { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _http = Factory.CreateHttpClient(apiKey: null);
        Admin = Factory.CreateApiClient(ApiFactory.AdminKey);
        AdminActor = new Actor(Access.Admin, (await Admin.GetMeAsync()).AccountId, Admin);
        var (annotator, annotatorKey) = await CreateAccountAsync("Ana Annotator", Role.Annotator);
        var (otherAnnotator, otherAnnotatorKey) = await CreateAccountAsync("Omar Annotator", Role.Annotator);
        var (researcher, researcherKey) = await CreateAccountAsync("Rita Researcher", Role.Researcher);
        AnnotatorActor = new Actor(Access.Annotator, annotator.Id, Factory.CreateApiClient(annotatorKey));
        OtherAnnotatorActor = new Actor(Access.Annotator, otherAnnotator.Id, Factory.CreateApiClient(otherAnnotatorKey));
        ResearcherActor = new Actor(Access.Researcher, researcher.Id, Factory.CreateApiClient(researcherKey));

        var f = await ArticleFixture.CreateAsync(AnnotatorActor.Client);
        (Outlet, Article) = (f.Outlet, f.Article);
        Claim = await NewClaimAsync(AnnotatorActor);
        Note = await NewNoteAsync(AnnotatorActor);

        // The revoked and the expired key are the admin's own: each worked for the admin until it was
        // revoked or expired, so in the matrix their 401s come from the key's state alone.
        var revoked = await IssueWorkingKeyAsync(AdminActor, expiresAt: null);
        await Admin.RevokeKeyAsync(AdminActor.AccountId, revoked.Id);
        var expired = await IssueWorkingKeyAsync(AdminActor, expiresAt: Factory.Clock.GetUtcNow().AddHours(1));
        Factory.Clock.Advance(TimeSpan.FromHours(2));

        Principals =
        [
            Unauthenticated("no key", NoKey, _ => { }),
            Unauthenticated("garbage key", Unknown, h => h.Add("X-Api-Key", "not-a-key")),
            Unauthenticated("cred_ prefix, too short", Unknown, h => h.Add("X-Api-Key", "cred_abc")),
            Unauthenticated("cred_ prefix, bad characters", Unknown, h => h.Add("X-Api-Key", "cred_" + new string('$', 43))),
            Unauthenticated("admin key less its last character", Unknown, h => h.Add("X-Api-Key", ApiFactory.AdminKey[..^1])),
            Unauthenticated("empty Bearer", NoKey, h => h.TryAddWithoutValidation("Authorization", "Bearer ")),
            Unauthenticated("Bearer garbage", Unknown, h => h.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key")),
            Unauthenticated("admin key under Basic", NoKey, h => h.Authorization = new AuthenticationHeaderValue("Basic", ApiFactory.AdminKey)),
            Unauthenticated("revoked admin key", "The API key has been revoked.", h => h.Authorization = new AuthenticationHeaderValue("Bearer", revoked.Key)),
            Unauthenticated("expired admin key", "The API key has expired.", h => h.Add("X-Api-Key", expired.Key)),
            new Principal("admin", Access.Admin, AdminActor, h => h.Add("X-Api-Key", ApiFactory.AdminKey)),
            new Principal("annotator", Access.Annotator, AnnotatorActor, h => h.Authorization = new AuthenticationHeaderValue("Bearer", annotatorKey)),
            new Principal("researcher", Access.Researcher, ResearcherActor, h => h.Add("X-Api-Key", researcherKey)),
        ];
    }

    /// <summary>Credentials that must not authenticate; the request sent is the one the admin's live key succeeds with.</summary>
    private Principal Unauthenticated(string name, string refusal, Action<HttpRequestHeaders> sign) => new(name, null, AdminActor, sign, refusal);

    private const string NoKey = "Send an API key";
    private const string Unknown = "The API key is not known.";

    public async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        var document = JsonNode.Parse(await Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => new Operation(
                op.Value!["operationId"]!.GetValue<string>(),
                op.Key.ToUpperInvariant(),
                path.Key,
                op.Value["x-roles"]?.AsArray().Select(role => role!.GetValue<string>()).ToList() ?? [])))
            .ToList();
    }

    /// <summary>Sends <paramref name="call"/> to <paramref name="operation"/> with <paramref name="sign"/>'s credentials.</summary>
    public async Task<HttpResponseMessage> SendAsync(Operation operation, Call call, Action<HttpRequestHeaders> sign)
    {
        var path = operation.Path;
        foreach (var (name, value) in call.RouteValues)
        {
            var placeholder = "{" + name + "}";
            if (!path.Contains(placeholder, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The row for {operation} fills '{name}', which its path does not have.");
            }

            path = path.Replace(placeholder, Uri.EscapeDataString(value), StringComparison.Ordinal);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The row for {operation} leaves a route parameter unfilled: {path}.");
        }

        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), call.QueryString.Length > 0 ? $"{path}?{call.QueryString}" : path);
        if (call.Json is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(call.Json, call.Json.GetType());
        }

        if (call.ETag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", call.ETag);
        }

        sign(request.Headers);
        return await _http.SendAsync(request);
    }

    /// <summary>The writer that sets up a resource for <paramref name="actor"/>: itself, or the annotator for a researcher.</summary>
    public Actor WriterFor(Actor actor) => actor.Writes ? actor : AnnotatorActor;

    public Task<Outlet> NewOutletAsync(Actor actor) =>
        WriterFor(actor).Client.RegisterOutletAsync(Requests.Outlet(Unique.Domain()));

    public Task<Claim> NewClaimAsync(Actor actor) =>
        WriterFor(actor).Client.RegisterClaimAsync(Article.Id, ClaimRequest());

    /// <summary>A provenance note on the shared article, by the actor (or the annotator for a researcher).</summary>
    public Task<Annotation> NewNoteAsync(Actor actor) => WriterFor(actor).Client.RecordProvenanceAsync(NoteRequest());

    /// <summary>A note by the actor (or the annotator), hidden by the admin.</summary>
    public async Task<Annotation> NewHiddenNoteAsync(Actor actor)
    {
        var note = await NewNoteAsync(actor);
        return await Admin.HideAnnotationAsync(note.Id, new ReasonRequest { Reason = "Hidden for the authorization matrix." });
    }

    /// <summary>A fresh key on the actor's own account, to revoke.</summary>
    public Task<IssuedApiKey> NewKeyAsync(Actor actor) =>
        Admin.IssueKeyAsync(actor.AccountId, new IssueKeyRequest { Name = "to revoke" });

    public static RegisterClaimRequest ClaimRequest() => new()
    {
        Selector = new TextSelector { Exact = "Forces advanced 40 km overnight" },
        Claimant = new Claimant { Name = "A spokesman", Type = SourceType.Government },
        Attribution = [],
        Tags = [],
    };

    public static UpdateClaimRequest ClaimEdit() => new()
    {
        Selector = new TextSelector { Exact = "A resident, quoted by the Daily Example, said the town fell at dawn" },
        Claimant = new Claimant { Name = "A resident", Type = SourceType.Person },
        Attribution = [],
        Tags = [],
    };

    /// <summary>The claim as <see cref="ClaimRequest"/> registered it, sent as an edit.</summary>
    public static UpdateClaimRequest OriginalClaimAsEdit()
    {
        var original = ClaimRequest();
        return new UpdateClaimRequest { Selector = original.Selector, Claimant = original.Claimant, Attribution = [], Tags = [] };
    }

    public RecordProvenanceRequest NoteRequest() => new()
    {
        Target = new AnnotationTarget { Type = TargetType.Article, Id = Article.Id },
        Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "Byline names a staff reporter.", EvidenceUrls = [] },
        Tags = [],
    };

    public static EditAnnotationRequest NoteEdit(string explanation) => new()
    {
        Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = explanation, EvidenceUrls = [] },
        Tags = [],
    };

    public async Task<(Account Account, string Key)> CreateAccountAsync(string name, Role role)
    {
        var account = await Admin.CreateAccountAsync(new CreateAccountRequest { Name = name, Role = role });
        var key = await Admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "matrix" });
        return (account, key.Key);
    }

    private async Task<IssuedApiKey> IssueWorkingKeyAsync(Actor actor, DateTimeOffset? expiresAt)
    {
        var issued = await Admin.IssueKeyAsync(actor.AccountId, new IssueKeyRequest { Name = "matrix", ExpiresAt = expiresAt });
        var me = await Factory.CreateApiClient(issued.Key).GetMeAsync();
        if (me.AccountId != actor.AccountId)
        {
            throw new InvalidOperationException("A newly issued key did not identify its account.");
        }

        return issued;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
