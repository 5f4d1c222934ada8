using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// The authorization matrix: every operation of the served OpenAPI document, called with no key, with
/// malformed keys, with a revoked and an expired key, and as each role; the answer must be what
/// <see cref="Table"/> says. Then ownership: every write to an existing resource either refuses
/// non-owners (and leaves the resource as it was) or says in <see cref="OwnershipRules"/> why it has no owner.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture app, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixFixture>
{
    private delegate Task<Call> Build(AuthorizationMatrixFixture s, Actor a);

    private sealed record Row(Access Access, Build Build);

    private static readonly ReasonRequest Reason = new() { Reason = "Changed by the authorization matrix." };

    /// <summary>
    /// Who may call each operation, and how to build a request that succeeds for them. An operation the
    /// document has and this table does not name fails <see cref="The_table_names_every_operation_of_the_document_and_no_other"/>.
    /// To add one, e.g. for a bulk import that writers may call:
    /// <code>["ImportArticles"] = Allow(Access.Writers, (s, a) => Call.With(new ImportArticlesRequest { ... })),</code>
    /// <c>Call.At(("id", ...))</c> fills the route, <c>.Query("k=v")</c> the query, <c>.Body(...)</c> the JSON body and
    /// <c>.IfMatch(etag)</c> the If-Match header; an async builder may first make what it needs
    /// (<c>await s.NewOutletAsync(a)</c>, <c>s.NewNoteAsync(a)</c>, ...).
    /// The builder runs once per caller, building the request that caller would send (<c>a</c> is its account;
    /// for unauthenticated callers, the admin's): fill the route from <c>s</c>'s shared resources, or make a
    /// fresh one when the call uses it up (retract, revoke, hide). An allowed caller must get a 2xx.
    /// </summary>
    private static readonly Dictionary<string, Row> Table = new()
    {
        // Accounts and keys: keys are managed by admins, and by each user for their own account.
        ["ListAccounts"] = Allow(Access.Admin, (s, a) => Call.Plain),
        ["CreateAccount"] = Allow(Access.Admin, (s, a) => Call.With(new CreateAccountRequest { Name = "Matrix " + Unique.Label(), Role = Role.Researcher })),
        ["GetMe"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetAccount"] = Allow(Access.Everyone, (s, a) => Call.At(("id", a.AccountId))),
        ["ListKeys"] = Allow(Access.Everyone, (s, a) => Call.At(("accountId", a.AccountId))),
        ["IssueKey"] = Allow(Access.Everyone, (s, a) => Call.At(("accountId", a.AccountId)).Body(new IssueKeyRequest { Name = "matrix" })),
        ["RevokeKey"] = Allow(Access.Everyone, async (s, a) => Call.At(("accountId", a.AccountId), ("keyId", (await s.NewKeyAsync(a)).Id))),

        // Outlets and articles: shared records; writers register and update them.
        ["ListOutlets"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetOutlet"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Outlet.Id))),
        ["LookupOutlet"] = Allow(Access.Everyone, (s, a) => Call.Plain.Query("url=" + Uri.EscapeDataString($"https://{s.Outlet.PrimaryDomain}/story"))),
        ["RegisterOutlet"] = Allow(Access.Writers, (s, a) => Call.With(Requests.Outlet(Unique.Domain()))),
        ["UpdateOutlet"] = Allow(Access.Writers, async (s, a) =>
        {
            var outlet = await s.NewOutletAsync(a);
            return Call.At(("id", outlet.Id)).IfMatch(outlet.Etag).Body(new UpdateOutletRequest
            {
                Name = outlet.Name + " (renamed)",
                PrimaryDomain = outlet.PrimaryDomain,
                Aliases = [],
                Ownership = Ownership.Private,
            });
        }),
        ["ListOutletRevisions"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Outlet.Id))),
        ["ListArticles"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetArticle"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Article.Id))),
        ["RegisterArticle"] = Allow(Access.Writers, (s, a) => Call.With(Requests.Article($"https://{s.Outlet.PrimaryDomain}/{Unique.Label()}"))),
        ["LookupArticle"] = Allow(Access.Everyone, (s, a) => Call.Plain.Query("url=" + Uri.EscapeDataString($"https://www.{s.Outlet.PrimaryDomain}/story/"))),

        // Merging duplicates rewrites other annotators' records: admins only.
        ["MergeArticles"] = Allow(Access.Admin, async (s, a) =>
        {
            var survivor = await s.Admin.RegisterArticleAsync(Requests.Article($"https://{s.Outlet.PrimaryDomain}/{Unique.Label()}"));
            var duplicate = await s.Admin.RegisterArticleAsync(Requests.Article($"https://{s.Outlet.PrimaryDomain}/{Unique.Label()}"));
            return Call.At(("id", survivor.Id)).Body(new MergeArticleRequest { DuplicateId = duplicate.Id });
        }),

        // Claims: writers mark them; only their creator or an admin edits one.
        ["ListClaims"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["ListArticleClaims"] = Allow(Access.Everyone, (s, a) => Call.At(("articleId", s.Article.Id))),
        ["GetClaim"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Claim.Id))),
        ["RegisterClaim"] = Allow(Access.Writers, (s, a) => Call.At(("articleId", s.Article.Id)).Body(AuthorizationMatrixFixture.ClaimRequest())),
        ["UpdateClaim"] = Allow(Access.Writers, async (s, a) =>
        {
            var claim = await s.NewClaimAsync(a);
            return Call.At(("id", claim.Id)).IfMatch(claim.Etag).Body(AuthorizationMatrixFixture.ClaimEdit());
        }),

        // Annotations: writers record them; only the author edits or retracts; admins hide and unhide.
        ["ListAnnotations"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetAnnotation"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Note.Id))),
        ["ListRevisions"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Note.Id))),
        ["RecordProvenance"] = Allow(Access.Writers, (s, a) => Call.With(s.NoteRequest())),
        ["RecordFraming"] = Allow(Access.Writers, (s, a) => Call.At(("articleId", s.Article.Id)).Body(new RecordFramingRequest
        {
            Framing = new FramingInput { Technique = "doubt", Severity = 1 },
            Tags = [],
        })),
        ["RateArticle"] = Allow(Access.Writers, (s, a) => Call.At(("articleId", s.Article.Id)).Body(new RateArticleRequest
        {
            Values = [new RatingValue { Dimension = "slant", Value = 0 }],
            Tags = [],
        })),
        ["EditAnnotation"] = Allow(Access.Writers, async (s, a) =>
        {
            var note = await s.NewNoteAsync(a);
            return Call.At(("id", note.Id)).IfMatch(note.Etag).Body(AuthorizationMatrixFixture.NoteEdit("The byline is a pseudonym."));
        }),
        ["RetractAnnotation"] = Allow(Access.Writers, async (s, a) => Call.At(("id", (await s.NewNoteAsync(a)).Id)).Body(Reason)),
        ["HideAnnotation"] = Allow(Access.Admin, async (s, a) => Call.At(("id", (await s.NewNoteAsync(a)).Id)).Body(Reason)),
        ["UnhideAnnotation"] = Allow(Access.Admin, async (s, a) => Call.At(("id", (await s.NewHiddenNoteAsync(a)).Id)).Body(Reason)),

        // Rubrics and taxonomy: everyone reads; admins publish and add.
        ["ListRubrics"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetRubric"] = Allow(Access.Everyone, (s, a) => Call.At(("version", "1"))),
        ["ImportAnnotations"] = Allow(Access.Admin, (s, a) => Call.With(new ImportAnnotationsRequest
        {
            Annotations =
            [
                new AnnotationImportRecord
                {
                    Kind = AnnotationKind.Rating,
                    Target = new AnnotationTarget { Type = TargetType.Article, Id = s.Article.Id },
                    AuthorId = s.AnnotatorActor.AccountId,
                    Rating = new RatingImport { Dimension = "factual_accuracy", Value = 10, RubricVersion = 1 },
                },
            ],
        })),
        ["PublishRubric"] = Allow(Access.Admin, async (s, a) => Call.With(new PublishRubricRequest
        {
            Notes = "Republished by the authorization matrix.",
            Dimensions = (await s.Admin.GetRubricAsync("current")).Dimensions,
        })),
        ["ListTechniques"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["AddTechnique"] = Allow(Access.Admin, (s, a) => Call.With(new AddTechniqueRequest
        {
            Key = "matrix-" + Unique.Label(),
            Kind = TechniqueKind.Frame,
            Label = "Matrix",
            Definition = "Added by the authorization matrix.",
        })),
        ["ListTags"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["AddTag"] = Allow(Access.Admin, (s, a) => Call.With(new AddTagRequest { Key = "matrix-" + Unique.Label(), Label = "Matrix", Description = "Added by the authorization matrix." })),

        // Scores, agreement and methodology: everyone reads.
        ["RankOutlets"] = Allow(Access.Everyone, (s, a) => Call.Plain.Query("dimension=slant")),
        ["GetScoreSeries"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Outlet.Id))),
        ["GetScoreChart"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Outlet.Id)).Query("dimension=slant")),
        ["GetClaimsSummary"] = Allow(Access.Everyone, (s, a) => Call.At(("id", s.Outlet.Id))),
        ["GetAgreement"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetMethodology"] = Allow(Access.Everyone, (s, a) => Call.Plain),

        // Operations: which node holds the rollup and other leases, and the queue depth; admins only.
        ["GetRollupStatus"] = Allow(Access.Admin, (s, a) => Call.Plain),

        // Per-annotator leniency: admins and researchers, not the annotators it judges.
        ["ListLeniencies"] = Allow(Access.Admin | Access.Researcher, (s, a) => Call.Plain.Query("dimension=slant")),

        // Campaigns: admins design, open and close them; everyone reads them; writers in a pool work their own queue.
        ["ListCampaigns"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["GetCampaign"] = Allow(Access.Everyone, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["CreateCampaign"] = Allow(Access.Admin, (s, a) => Call.With(CampaignRequest(s, s.Article.Id))),
        ["OpenCampaign"] = Allow(Access.Admin, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["CloseCampaign"] = Allow(Access.Admin, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["ListMyAssignments"] = Allow(Access.Writers, (s, a) => Call.Plain),
        ["SkipAssignment"] = Allow(Access.Writers, async (s, a) =>
            // A refused skip leaves the item pending: never the matrix's annotator's (blinding would refuse it aggregates).
            Call.At(("id", (await NewAssignmentAsync(s, a.Writes ? a : s.OtherAnnotatorActor)).Id)).Body(new SkipAssignmentRequest { Reason = "Skipped by the authorization matrix." })),

        // Study (gold, adjudication, reports): admins set gold; admins and a campaign's named adjudicators adjudicate;
        // reports are for admins and researchers, never for annotators (they must not learn which items are gold).
        ["SetGoldItem"] = Allow(Access.Admin, async (s, a) =>
        {
            var campaign = await s.Admin.OpenCampaignAsync((await NewCampaignAsync(s)).Id);
            return Call.At(("id", campaign.Id)).Body(new SetGoldItemRequest
            {
                ArticleId = s.Article.Id,
                Ratings = [new GoldRating { Dimension = "slant", Value = 0 }],
                Verdicts = [],
            });
        }),
        ["GetGoldAccuracy"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["ListAdjudicationQueue"] = Allow(Access.Writers, async (s, a) =>
        {
            var request = CampaignRequest(s, s.Article.Id);
            request.Adjudicators = [a.AccountId];
            return Call.At(("id", (await s.Admin.CreateCampaignAsync(request)).Id));
        }),
        ["Adjudicate"] = Allow(Access.Writers, async (s, a) =>
        {
            var (campaign, article) = await NewDisagreementAsync(s, a.AccountId);
            return Call.At(("id", campaign.Id)).Body(new AdjudicateRequest
            {
                ArticleId = article,
                Ratings = [new AdjudicatedRating { Dimension = "slant", Value = 0 }],
                Verdicts = [],
                Reason = "Adjudicated by the authorization matrix.",
            });
        }),
        ["ListAdjudicationLog"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["ExportCampaign"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["GetCampaignProgress"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["GetCampaignAgreement"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),
        ["GetCampaignLeniency"] = Allow(Access.Admin | Access.Researcher, async (s, a) => Call.At(("id", (await NewCampaignAsync(s)).Id))),

        // Exports: everyone reads.
        ["ExportAnnotations"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["ExportClaims"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["ExportClaimReviews"] = Allow(Access.Everyone, (s, a) => Call.Plain),
        ["ExportFramingSpans"] = Allow(Access.Everyone, (s, a) => Call.Plain),

        // Time on task judges the annotators, like leniency: admins and researchers.
        ["ExportAssignments"] = Allow(Access.Admin | Access.Researcher, (s, a) => Call.Plain),
    };

    /// <summary>
    /// Every write to an existing resource (a non-GET whose path has a parameter), with the test that proves
    /// only its owner may make it, or why it has no owner. A new one fails
    /// <see cref="Every_write_to_an_existing_resource_has_an_ownership_rule"/> until it is named here.
    /// </summary>
    private static readonly Dictionary<string, string> OwnershipRules = new()
    {
        ["EditAnnotation"] = nameof(Only_its_author_edits_an_annotation_and_a_refused_edit_changes_nothing),
        ["RetractAnnotation"] = nameof(Only_its_author_retracts_an_annotation_and_a_refused_retraction_changes_nothing),
        ["RateArticle"] = nameof(Rating_an_article_changes_only_the_callers_own_rating),
        ["UpdateClaim"] = nameof(Only_its_creator_or_an_admin_edits_a_claim_and_a_refused_edit_changes_nothing),
        ["IssueKey"] = nameof(Only_the_account_itself_or_an_admin_manages_its_keys),
        ["RevokeKey"] = nameof(Only_the_account_itself_or_an_admin_manages_its_keys),
        ["HideAnnotation"] = "moderation: admins only, on anyone's annotation (the matrix refuses every other role)",
        ["UnhideAnnotation"] = "moderation: admins only, on anyone's annotation (the matrix refuses every other role)",
        ["UpdateOutlet"] = nameof(Any_writer_edits_an_outlets_description_but_only_its_registrant_or_an_admin_its_domains),
        ["MergeArticles"] = "admins only: a merge moves every annotator's records (the matrix refuses every other role)",
        ["RegisterClaim"] = "creates a new claim, owned by the caller, on a shared article",
        ["RecordFraming"] = "creates a new note, owned by the caller, on a shared article",
        ["OpenCampaign"] = "admins only: campaigns are managed by admins (the matrix refuses every other role)",
        ["CloseCampaign"] = "admins only: campaigns are managed by admins (the matrix refuses every other role)",
        ["SkipAssignment"] = nameof(Only_its_annotator_skips_an_assignment_and_a_refused_skip_changes_nothing),
        ["SetGoldItem"] = "admins only: the coordinator sets a campaign's gold (the matrix refuses every other role)",
        ["Adjudicate"] = "admins and the campaign's named adjudicators only; others get 403 and nothing is written (AdjudicationTests)",
    };

    private static Row Allow(Access access, Func<AuthorizationMatrixFixture, Actor, Call> build) => new(access, (s, a) => Task.FromResult(build(s, a)));

    private static Row Allow(Access access, Build build) => new(access, build);

    [Fact]
    public async Task The_table_names_every_operation_of_the_document_and_no_other()
    {
        var operations = await app.OperationsAsync();

        operations.Count.ShouldBeGreaterThan(40);
        operations.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("operation ids are unique");
        var unnamed = operations.Where(o => !Table.ContainsKey(o.Id)).Select(o => o.ToString()).ToList();
        unnamed.ShouldBeEmpty(
            "the OpenAPI document has operations the authorization table does not name; add a row for each to " +
            "AuthorizationMatrixTests.Table saying who may call it and how to build a request that succeeds");
        var gone = Table.Keys.Except(operations.Select(o => o.Id)).ToList();
        gone.ShouldBeEmpty("the authorization table names operations the document no longer has; remove their rows");

        // The document tells clients who may call what; it must say what the table says.
        foreach (var operation in operations)
        {
            var access = Table[operation.Id].Access;
            var expected = access.HasFlag(Access.Anonymous) ? [] : RoleNamesOf(access);
            operation.DeclaredRoles.Order().ShouldBe(expected.Order(), $"{operation}: roles declared in the document");
        }
    }

    [Fact]
    public async Task Every_operation_answers_every_caller_as_the_table_says()
    {
        var started = DateTime.UtcNow;
        var operations = (await app.OperationsAsync()).Where(o => Table.ContainsKey(o.Id)).OrderBy(o => o.Path).ThenBy(o => o.Method).ToList();

        // Every response (2xx, 401, 403) is also checked against the served document, strictly (OAS 3.0.3).
        var contract = new OpenApiResponseValidator(JsonNode.Parse(await app.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!);

        // Rows are independent (each builds its own resources or only reads shared ones), so a few run at
        // once; a row's callers go one after another.
        using var gate = new SemaphoreSlim(4);
        var rows = await Task.WhenAll(operations.Select(async operation =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunRowAsync(operation, contract);
            }
            finally
            {
                gate.Release();
            }
        }));
        var failures = rows.SelectMany(r => r.Failures).ToList();
        var lines = rows.Select(r => r.Line).ToList();

        output.WriteLine("Columns: " + string.Join(" | ", app.Principals.Select((p, i) => $"{i + 1} {p.Name}")));
        output.WriteLine($"{"",-20}{string.Concat(app.Principals.Select((_, i) => $"{i + 1,4} "))}");
        lines.ForEach(output.WriteLine);
        output.WriteLine($"{operations.Count} operations x {app.Principals.Count} callers in {(DateTime.UtcNow - started).TotalSeconds:F1} s; cells marked !...! are wrong.");

        operations.Count.ShouldBe(Table.Count, "every row of the table was exercised");
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_operation_refuses_a_query_parameter_it_does_not_take_and_takes_every_one_it_documents()
    {
        var document = JsonNode.Parse(await app.Factory.CreateHttpClient(apiKey: null).GetStringAsync("/openapi/v1.json"))!;
        var contract = new OpenApiResponseValidator(document);
        var operations = (await app.OperationsAsync()).Where(o => Table.ContainsKey(o.Id)).OrderBy(o => o.Path).ThenBy(o => o.Method).ToList();
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            var row = Table[operation.Id];
            var caller = app.Principals.First(p => p.Role is { } role && row.Access.HasFlag(role));
            var call = await row.Build(app, caller.BuildsAs);

            // The request the table knows succeeds, with one parameter no operation takes: a 400 naming it, as declared.
            var stray = call.Query(call.QueryString.Length > 0 ? call.QueryString + "&notAParameter=1" : "notAParameter=1");
            using (var refused = await app.SendAsync(operation, stray, caller.Sign))
            {
                var body = await refused.Content.ReadAsStringAsync();
                if ((int)refused.StatusCode != 400 || !body.Contains(CredibilityApi.Infrastructure.QueryParameterPreProcessor.ErrorCode, StringComparison.Ordinal) ||
                    !body.Contains("'notAParameter'", StringComparison.Ordinal))
                {
                    failures.Add($"{operation}: an unknown query parameter answered {(int)refused.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
                }

                failures.AddRange(contract.Validate(operation.Path, operation.Method, (int)refused.StatusCode, refused.Content.Headers.ContentType?.MediaType, body)
                    .Select(v => $"{operation}: the 400 does not match the document: {v}"));
            }

            // Every query parameter the document lists, each with a value of its type: none is refused as unknown.
            var documented = document["paths"]![operation.Path]![operation.Method.ToLowerInvariant()]!["parameters"]?.AsArray()
                .Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => $"{p!["name"]!.GetValue<string>()}={Uri.EscapeDataString(ValueOf(p["schema"]))}")
                .ToList() ?? [];
            if (documented.Count == 0)
            {
                continue;
            }

            using var taken = await app.SendAsync(operation, call.Query(string.Join("&", documented)), caller.Sign);
            var answer = await taken.Content.ReadAsStringAsync();
            if (answer.Contains(CredibilityApi.Infrastructure.QueryParameterPreProcessor.ErrorCode, StringComparison.Ordinal))
            {
                failures.Add($"{operation}: a documented query parameter was refused as unknown: {answer[..Math.Min(answer.Length, 300)]}");
            }
        }

        operations.Count.ShouldBeGreaterThan(40);
        failures.ShouldBeEmpty();

        // A value of a parameter's schema that binds: an enum's first value, a number, a date, or text.
        string ValueOf(JsonNode? schema)
        {
            var items = schema?["type"]?.GetValue<string>() == "array" ? schema["items"] : schema;
            var resolved = items?["allOf"]?.AsArray().FirstOrDefault() ?? items;
            if (resolved?["$ref"]?.GetValue<string>() is { } reference)
            {
                resolved = document["components"]!["schemas"]![reference["#/components/schemas/".Length..]];
            }

            return resolved?["enum"]?.AsArray().FirstOrDefault()?.ToString()
                ?? (resolved?["type"]?.GetValue<string>(), resolved?["format"]?.GetValue<string>()) switch
                {
                    ("integer", _) or ("number", _) => "1",
                    ("boolean", _) => "true",
                    (_, "date") => "2021-01-01",
                    (_, "date-time") => "2021-01-01T00:00:00Z",
                    _ => "x",
                };
        }
    }

    /// <summary>One operation called by every principal: the printed line and the cells that broke the table.</summary>
    private async Task<(string Line, List<string> Failures)> RunRowAsync(Operation operation, OpenApiResponseValidator contract)
    {
        var row = Table[operation.Id];
        var cells = new StringBuilder();
        var failures = new List<string>();
        foreach (var principal in app.Principals)
        {
            var expected = Expected(row.Access, principal);
            var call = await row.Build(app, principal.BuildsAs);
            using var response = await app.SendAsync(operation, call, principal.Sign);
            var status = (int)response.StatusCode;
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var body = await response.Content.ReadAsStringAsync();
            var met = expected switch
            {
                Outcome.Success => status is >= 200 and < 300,
                Outcome.Unauthorized => status == 401 && problem && response.Headers.WwwAuthenticate.Count > 0 &&
                    body.Contains(principal.Refusal!, StringComparison.Ordinal),
                _ => status == 403 && problem,
            };
            var violations = contract.Validate(operation.Path, operation.Method, status, response.Content.Headers.ContentType?.MediaType, body);
            failures.AddRange(violations.Select(v => $"{operation} as '{principal.Name}': {status} does not match the document: {v}"));
            cells.Append(met ? $" {status} " : $"!{status}!");
            if (!met)
            {
                var wanted = expected == Outcome.Unauthorized ? $"{Describe(expected)} saying '{principal.Refusal}'" : Describe(expected);
                failures.Add($"{operation} as '{principal.Name}': expected {wanted}, got {status} " +
                    $"{response.Content.Headers.ContentType?.MediaType}: {body[..Math.Min(body.Length, 300)]}");
            }
        }

        return ($"{operation.Id,-20}{cells}  {Describe(row.Access)}", failures);
    }

    [Theory]
    [InlineData(AnnotationKind.Provenance)]
    [InlineData(AnnotationKind.Framing)]
    [InlineData(AnnotationKind.Rating)]
    public async Task Only_its_author_edits_an_annotation_and_a_refused_edit_changes_nothing(AnnotationKind kind)
    {
        var annotation = await NewAnnotationAsync(kind);
        var edit = EditOf(kind);
        var before = await SnapshotAsync($"/api/v1/annotations/{annotation.Id}", $"/api/v1/annotations/{annotation.Id}/revisions");

        // Admins are refused too: they moderate by hiding, never by rewriting someone's annotation.
        foreach (var intruder in new[] { app.OtherAnnotatorActor, app.AdminActor })
        {
            var e = await intruder.Client.EditAnnotationAsync(annotation.Id, annotation.Etag, edit).ShouldFailWith(403);
            e.Header("Content-Type").ShouldStartWith("application/problem+json");
            (await SnapshotAsync($"/api/v1/annotations/{annotation.Id}", $"/api/v1/annotations/{annotation.Id}/revisions")).ShouldBe(before);
        }

        // The same edit from the author goes through: the refusals were about who, not what.
        var edited = await app.AnnotatorActor.Client.EditAnnotationAsync(annotation.Id, annotation.Etag, edit);
        edited.Revision.ShouldBe(annotation.Revision + 1);
    }

    [Theory]
    [InlineData(AnnotationKind.Provenance)]
    [InlineData(AnnotationKind.Framing)]
    [InlineData(AnnotationKind.Rating)]
    public async Task Only_its_author_retracts_an_annotation_and_a_refused_retraction_changes_nothing(AnnotationKind kind)
    {
        var annotation = await NewAnnotationAsync(kind);
        var before = await SnapshotAsync($"/api/v1/annotations/{annotation.Id}", $"/api/v1/annotations/{annotation.Id}/revisions");

        foreach (var intruder in new[] { app.OtherAnnotatorActor, app.AdminActor })
        {
            var e = await intruder.Client.RetractAnnotationAsync(annotation.Id, Reason).ShouldFailWith(403);
            e.Header("Content-Type").ShouldStartWith("application/problem+json");
            (await SnapshotAsync($"/api/v1/annotations/{annotation.Id}", $"/api/v1/annotations/{annotation.Id}/revisions")).ShouldBe(before);
        }

        var retracted = await app.AnnotatorActor.Client.RetractAnnotationAsync(annotation.Id, Reason);
        retracted.Status.ShouldBe(AnnotationStatus.Retracted);
    }

    [Fact]
    public async Task Rating_an_article_changes_only_the_callers_own_rating()
    {
        var f = await ArticleFixture.CreateAsync(app.AnnotatorActor.Client);
        var mine = (await app.AnnotatorActor.Client.RateArticleAsync(f.Article.Id, Rating(10))).Ratings.Single();
        var before = await SnapshotAsync($"/api/v1/annotations/{mine.Id}", $"/api/v1/annotations/{mine.Id}/revisions");

        var theirs = (await app.OtherAnnotatorActor.Client.RateArticleAsync(f.Article.Id, Rating(-10))).Ratings.Single();
        var admins = (await app.AdminActor.Client.RateArticleAsync(f.Article.Id, Rating(-20))).Ratings.Single();

        theirs.Id.ShouldNotBe(mine.Id);
        admins.Id.ShouldNotBe(mine.Id);
        theirs.AuthorId.ShouldBe(app.OtherAnnotatorActor.AccountId);
        (await SnapshotAsync($"/api/v1/annotations/{mine.Id}", $"/api/v1/annotations/{mine.Id}/revisions")).ShouldBe(before);
        (await app.Admin.GetAnnotationAsync(mine.Id)).Rating!.Value.ShouldBe(10);
    }

    [Fact]
    public async Task Only_its_creator_or_an_admin_edits_a_claim_and_a_refused_edit_changes_nothing()
    {
        var claim = await app.NewClaimAsync(app.AnnotatorActor);
        var edit = AuthorizationMatrixFixture.ClaimEdit();
        var before = await SnapshotAsync($"/api/v1/claims/{claim.Id}");

        var e = await app.OtherAnnotatorActor.Client.UpdateClaimAsync(claim.Id, claim.Etag, edit).ShouldFailWith(403);
        e.Header("Content-Type").ShouldStartWith("application/problem+json");
        (await SnapshotAsync($"/api/v1/claims/{claim.Id}")).ShouldBe(before);

        var byAdmin = await app.Admin.UpdateClaimAsync(claim.Id, claim.Etag, edit);
        byAdmin.Claimant!.Name.ShouldBe("A resident");
        var byCreator = await app.AnnotatorActor.Client.UpdateClaimAsync(claim.Id, byAdmin.Etag, AuthorizationMatrixFixture.OriginalClaimAsEdit());
        byCreator.Claimant!.Name.ShouldBe("A spokesman");
    }

    [Fact]
    public async Task Any_writer_edits_an_outlets_description_but_only_its_registrant_or_an_admin_its_domains()
    {
        var outlet = await app.NewOutletAsync(app.AnnotatorActor);
        UpdateOutletRequest Edit(Outlet o, string name, params string[] aliases) => new()
        {
            Name = name, PrimaryDomain = o.PrimaryDomain, Aliases = [.. aliases], Country = o.Country, Language = o.Language, Ownership = o.Ownership,
        };
        var before = await SnapshotAsync($"/api/v1/outlets/{outlet.Id}", $"/api/v1/outlets/{outlet.Id}/revisions");

        var e = await app.OtherAnnotatorActor.Client.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, outlet.Name, Unique.Domain())).ShouldFailWith(403);
        e.Header("Content-Type").ShouldStartWith("application/problem+json");
        (await SnapshotAsync($"/api/v1/outlets/{outlet.Id}", $"/api/v1/outlets/{outlet.Id}/revisions")).ShouldBe(before);

        var renamed = await app.OtherAnnotatorActor.Client.UpdateOutletAsync(outlet.Id, outlet.Etag, Edit(outlet, "Renamed by another annotator"));
        var byAdmin = await app.Admin.UpdateOutletAsync(outlet.Id, renamed.Etag, Edit(renamed, renamed.Name, Unique.Domain()));
        byAdmin.Aliases.Count.ShouldBe(1);
        var byRegistrant = await app.AnnotatorActor.Client.UpdateOutletAsync(outlet.Id, byAdmin.Etag, Edit(byAdmin, byAdmin.Name));
        byRegistrant.Aliases.ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_account_itself_or_an_admin_manages_its_keys()
    {
        var owner = app.AnnotatorActor;
        var spare = await app.NewKeyAsync(owner);
        var before = await SnapshotAsync($"/api/v1/accounts/{owner.AccountId}/keys");

        foreach (var intruder in new[] { app.OtherAnnotatorActor, app.ResearcherActor })
        {
            foreach (var call in new Func<Task>[]
            {
                () => intruder.Client.ListKeysAsync(owner.AccountId),
                () => intruder.Client.GetAccountAsync(owner.AccountId),
                () => intruder.Client.IssueKeyAsync(owner.AccountId, new IssueKeyRequest { Name = "intruder" }),
                () => intruder.Client.RevokeKeyAsync(owner.AccountId, spare.Id),
            })
            {
                var e = await call().ShouldFailWith(403);
                e.Header("Content-Type").ShouldStartWith("application/problem+json");
            }

            (await SnapshotAsync($"/api/v1/accounts/{owner.AccountId}/keys")).ShouldBe(before);
        }

        (await owner.Client.RevokeKeyAsync(owner.AccountId, spare.Id)).RevokedAt.ShouldNotBeNull();
        var issuedByAdmin = await app.Admin.IssueKeyAsync(owner.AccountId, new IssueKeyRequest { Name = "from the admin" });
        (await app.Admin.RevokeKeyAsync(owner.AccountId, issuedByAdmin.Id)).RevokedAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Only_its_annotator_skips_an_assignment_and_a_refused_skip_changes_nothing()
    {
        var owner = app.AnnotatorActor;
        var assignment = await NewAssignmentAsync(app, owner);
        var skip = new SkipAssignmentRequest { Reason = "Not mine to skip." };
        var before = await SnapshotAsync($"/api/v1/campaigns/{assignment.CampaignId}");
        var queue = (await owner.Client.ListMyAssignmentsAsync(campaignId: assignment.CampaignId)).Items.Select(i => (i.Id, i.State)).ToList();

        // Admins are refused too: an admin who wants the item elsewhere closes the campaign, never skips for someone.
        foreach (var intruder in new[] { app.OtherAnnotatorActor, app.AdminActor })
        {
            var e = await intruder.Client.SkipAssignmentAsync(assignment.Id, skip).ShouldFailWith(403);
            e.Header("Content-Type").ShouldStartWith("application/problem+json");
            (await SnapshotAsync($"/api/v1/campaigns/{assignment.CampaignId}")).ShouldBe(before);
            (await owner.Client.ListMyAssignmentsAsync(campaignId: assignment.CampaignId)).Items.Select(i => (i.Id, i.State)).ToList().ShouldBe(queue);
        }

        var skipped = await owner.Client.SkipAssignmentAsync(assignment.Id, skip);
        skipped.Skipped.State.ShouldBe(AssignmentState.Skipped);
    }

    /// <summary>
    /// A draft campaign of the shared article. Its pool is the other annotator and the admin, never the matrix's annotator:
    /// an opened campaign would give that annotator a pending item, and blind annotation would then refuse it aggregates.
    /// </summary>
    private static Task<Campaign> NewCampaignAsync(AuthorizationMatrixFixture s) => s.Admin.CreateCampaignAsync(CampaignRequest(s, s.Article.Id));

    private static CreateCampaignRequest CampaignRequest(AuthorizationMatrixFixture s, params string[] articleIds) => new()
    {
        Name = "Matrix " + Unique.Label(),
        Tasks = new CampaignTasks { Dimensions = ["slant"] },
        Overlap = 1,
        Pool = [s.OtherAnnotatorActor.AccountId, s.AdminActor.AccountId],
        ArticleIds = [.. articleIds],
    };

    /// <summary>
    /// An open campaign with one item on which its pool's two members (the other annotator and the admin, see
    /// <see cref="CampaignRequest"/>) disagree on slant, adjudicated by <paramref name="adjudicator"/>.
    /// </summary>
    private static async Task<(Campaign Campaign, string Article)> NewDisagreementAsync(AuthorizationMatrixFixture s, string adjudicator)
    {
        var article = (await s.Admin.RegisterArticleAsync(Requests.Article($"https://{s.Outlet.PrimaryDomain}/{Unique.Label()}"))).Id;
        var request = CampaignRequest(s, article);
        request.Overlap = 2;
        request.Adjudicators = [adjudicator];
        var campaign = await s.Admin.OpenCampaignAsync((await s.Admin.CreateCampaignAsync(request)).Id);
        await s.AdminActor.Client.RateArticleAsync(article, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = -60 }], Tags = [] });
        await s.OtherAnnotatorActor.Client.RateArticleAsync(article, new RateArticleRequest { Values = [new RatingValue { Dimension = "slant", Value = 60 }], Tags = [] });
        return (campaign, article);
    }

    /// <summary>A pending assignment of <paramref name="writer"/> in a fresh open campaign whose item another writer can take.</summary>
    private static async Task<Assignment> NewAssignmentAsync(AuthorizationMatrixFixture s, Actor writer)
    {
        // The item's other taker is never the matrix's annotator when the writer is someone else (see CampaignRequest).
        var other = writer.AccountId == s.AdminActor.AccountId ? s.OtherAnnotatorActor : s.AdminActor;
        var articles = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            articles.Add((await s.Admin.RegisterArticleAsync(Requests.Article($"https://{s.Outlet.PrimaryDomain}/{Unique.Label()}"))).Id);
        }

        var request = CampaignRequest(s, [.. articles]);
        request.Pool = [writer.AccountId, other.AccountId];
        var campaign = await s.Admin.OpenCampaignAsync((await s.Admin.CreateCampaignAsync(request)).Id);
        return (await writer.Client.ListMyAssignmentsAsync(campaignId: campaign.Id)).Items.Single();
    }

    [Fact]
    public async Task Every_write_to_an_existing_resource_has_an_ownership_rule()
    {
        var operations = await app.OperationsAsync();
        var writes = operations.Where(o => o.Method != "GET" && o.Path.Contains('{', StringComparison.Ordinal)).ToList();

        writes.Where(o => !OwnershipRules.ContainsKey(o.Id)).Select(o => o.ToString()).ShouldBeEmpty(
            "these writes to an existing resource have no ownership rule: add each to AuthorizationMatrixTests.OwnershipRules " +
            "with the test proving that only its owner may make it, or why it has no owner");
        OwnershipRules.Keys.Except(writes.Select(o => o.Id)).ShouldBeEmpty("ownership rules for operations the document no longer has");
    }

    private enum Outcome
    {
        Success,
        Unauthorized,
        Forbidden,
    }

    private static Outcome Expected(Access access, Principal principal) => principal.Role switch
    {
        null => access.HasFlag(Access.Anonymous) ? Outcome.Success : Outcome.Unauthorized,
        { } role => access.HasFlag(Access.Anonymous) || (access & role) != 0 ? Outcome.Success : Outcome.Forbidden,
    };

    private static string Describe(Outcome outcome) => outcome switch
    {
        Outcome.Success => "2xx",
        Outcome.Unauthorized => "401 problem+json with WWW-Authenticate",
        _ => "403 problem+json",
    };

    private static string Describe(Access access) =>
        access.HasFlag(Access.Anonymous) ? "anonymous" : string.Join(", ", RoleNamesOf(access));

    private static List<string> RoleNamesOf(Access access) =>
        new[] { (Access.Admin, "admin"), (Access.Annotator, "annotator"), (Access.Researcher, "researcher") }
            .Where(r => access.HasFlag(r.Item1)).Select(r => r.Item2).ToList();

    /// <summary>What the admin reads at these paths: equal snapshots mean nothing stored there changed.</summary>
    private async Task<string> SnapshotAsync(params string[] paths)
    {
        var http = app.Factory.CreateHttpClient(ApiFactory.AdminKey);
        var parts = new List<string>();
        foreach (var path in paths)
        {
            var response = await http.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            parts.Add(await response.Content.ReadAsStringAsync());
        }

        return string.Join("\n", parts);
    }

    /// <summary>An annotation of <paramref name="kind"/> by the annotator, on an article of its own.</summary>
    private async Task<Annotation> NewAnnotationAsync(AnnotationKind kind)
    {
        var client = app.AnnotatorActor.Client;
        var f = await ArticleFixture.CreateAsync(client);
        return kind switch
        {
            AnnotationKind.Provenance => await client.RecordProvenanceAsync(new RecordProvenanceRequest
            {
                Target = new AnnotationTarget { Type = TargetType.Article, Id = f.Article.Id },
                Provenance = new ProvenanceInput { Aspect = ProvenanceAspect.Byline, Explanation = "Byline names a staff reporter.", EvidenceUrls = [] },
                Tags = [],
            }),
            AnnotationKind.Framing => await client.RecordFramingAsync(f.Article.Id, new RecordFramingRequest
            {
                Framing = new FramingInput { Technique = "doubt", Severity = 1 },
                Tags = [],
            }),
            _ => (await client.RateArticleAsync(f.Article.Id, Rating(10))).Ratings.Single(),
        };
    }

    private static EditAnnotationRequest EditOf(AnnotationKind kind) => kind switch
    {
        AnnotationKind.Provenance => AuthorizationMatrixFixture.NoteEdit("Rewritten by someone else."),
        AnnotationKind.Framing => new EditAnnotationRequest { Framing = new FramingInput { Technique = "doubt", Severity = 3 }, Tags = [] },
        _ => new EditAnnotationRequest { Rating = new RatingEditInput { Value = -50 }, Tags = [] },
    };

    private static RateArticleRequest Rating(double value) => new()
    {
        Values = [new RatingValue { Dimension = "slant", Value = value }],
        Tags = [],
    };
}
