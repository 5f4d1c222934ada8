using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;

namespace CredibilityApi.Tests.Features.Claims;

[Collection(ApiCollection.Name)]
public sealed class RegisterClaimTests(ApiFixture api)
{
    private static RegisterClaimRequest Quote(string exact, string? prefix = null, string? suffix = null) => new()
    {
        Selector = new TextSelector { Exact = exact, Prefix = prefix, Suffix = suffix },
        Claimant = new Claimant { Type = SourceType.Unknown },
        Attribution = [],
        Tags = [],
    };

    private static RegisterClaimRequest Position(int start, int end, string? exact = null) => new()
    {
        Selector = new TextSelector { Start = start, End = end, Exact = exact },
        Claimant = new Claimant { Type = SourceType.Unknown },
        Attribution = [],
        Tags = [],
    };

    [Fact]
    public async Task A_unique_quote_is_anchored_with_offsets_context_and_the_body_hash()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("Forces advanced 40 km overnight"));

        claim.Anchor.Start.ShouldBe(0);
        claim.Anchor.End.ShouldBe(31);
        claim.Anchor.Suffix.ShouldBe(ArticleFixture.Body.Substring(31, 32));
        claim.Anchor.Prefix.ShouldBeNull();
        claim.Anchor.BodySha256.ShouldBe(f.Article.BodySha256);
        claim.OutletId.ShouldBe(f.Outlet.Id);
        claim.ArticlePublishedAt.ShouldBe(f.Article.PublishedAt);
        claim.Etag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task A_quote_that_is_not_in_the_body_is_422_quote_not_found()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("the city fell")));

        e.StatusCode.ShouldBe(422);
        var error = e.Result.Errors!.Single();
        error.Name.ShouldBe("selector");
        error.Code.ShouldBe("quote-not-found");
    }

    [Fact]
    public async Task An_ambiguous_quote_is_422_saying_how_many_times_and_how_to_fix_it()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("the town fell at dawn")));

        e.StatusCode.ShouldBe(422);
        var error = e.Result.Errors!.Single();
        error.Code.ShouldBe("quote-ambiguous");
        error.Reason!.ShouldContain("2 times");
        error.Reason!.ShouldContain("prefix");
    }

    [Fact]
    public async Task An_ambiguous_quote_is_titled_so_and_lists_each_place_with_30_characters_either_side()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        const string quote = "the town fell at dawn";
        var first = ArticleFixture.Body.IndexOf(quote, StringComparison.Ordinal);
        var second = ArticleFixture.Body.LastIndexOf(quote, StringComparison.Ordinal);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Quote(quote)));

        e.StatusCode.ShouldBe(422);
        e.Result.Title.ShouldBe("Quote is ambiguous");
        e.Result.Suggestion.ShouldBeNull();
        e.Result.Occurrences!.Select(o => (o.Start, o.End)).ShouldBe([(first, first + quote.Length), (second, second + quote.Length)]);
        var place = e.Result.Occurrences!.Last();
        place.Before.ShouldBe(ArticleFixture.Body[(second - 30)..second]);
        place.Before.ShouldEndWith("An unnamed official said ");
        place.After.ShouldBe(ArticleFixture.Body[(second + quote.Length)..(second + quote.Length + 30)]);
        e.Result.Detail!.ShouldContain($"{second}-{second + quote.Length} after \"{place.Before}\"");

        // A prefix taken from the end of a place's "before" singles it out.
        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote(quote, prefix: place.Before[^12..]));
        claim.Anchor.Start.ShouldBe(second);
    }

    [Fact]
    public async Task A_quote_that_is_nowhere_is_titled_quote_not_found_without_a_suggestion()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("the city fell")));

        e.Result.Title.ShouldBe("Quote not found");
        e.Result.Suggestion.ShouldBeNull();
        e.Result.Occurrences.ShouldBeNull();
    }

    [Fact]
    public async Task Straight_quotes_for_a_curly_quoted_tweet_get_the_exact_text_to_send_and_that_text_anchors()
    {
        const string body = "The spokesman wrote on Twitter: \u201CWe took the town at dawn \u2014 it\u2019s over.\u201D Residents disagreed.";
        var f = await ArticleFixture.CreateAsync(api.Annotator, body);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(
            api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("\"We took the town at dawn - it's over.\"", prefix: "on  Twitter: ")));

        e.StatusCode.ShouldBe(422);
        e.Result.Title.ShouldBe("Quote not found");
        e.Result.Errors!.Single().Code.ShouldBe("quote-not-found");
        e.Result.Detail!.ShouldContain("folded");
        var suggestion = e.Result.Suggestion!;
        suggestion.Exact.ShouldBe("\u201CWe took the town at dawn \u2014 it\u2019s over.\u201D");
        suggestion.Prefix.ShouldBe("on Twitter: ");
        suggestion.Suffix.ShouldBeNull();
        suggestion.Start.ShouldBe(body.IndexOf('\u201C'));
        suggestion.End.ShouldBe(body.IndexOf('\u201D') + 1);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote(suggestion.Exact, suggestion.Prefix));
        (claim.Anchor.Start, claim.Anchor.End).ShouldBe((suggestion.Start, suggestion.End));
    }

    [Fact]
    public async Task A_quote_that_matches_several_places_once_folded_lists_them_and_anchors_nothing()
    {
        const string body = "He said \u201Cno\u201D twice: \u201Cno\u201D.";
        var f = await ArticleFixture.CreateAsync(api.Annotator, body);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("\"no\"")));

        e.Result.Title.ShouldBe("Quote not found");
        e.Result.Suggestion.ShouldBeNull();
        e.Result.Occurrences!.Select(o => body[o.Start..o.End]).ShouldBe(["\u201Cno\u201D", "\u201Cno\u201D"]);
        (await api.Researcher.ListArticleClaimsAsync(f.Article.Id, null, null)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_prefix_singles_out_one_of_two_occurrences()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("the town fell at dawn", prefix: "An unnamed official said "));

        claim.Anchor.Start.ShouldBe(ArticleFixture.Body.LastIndexOf("the town fell at dawn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suffix_singles_out_one_of_two_occurrences()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("marauding militants", suffix: " were seen"));

        claim.Anchor.Start.ShouldBe(ArticleFixture.Body.LastIndexOf("marauding militants", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offsets_alone_anchor_and_the_server_fills_in_the_quote()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var start = ArticleFixture.Body.IndexOf("a spokesman", StringComparison.Ordinal);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Position(start, start + 11));

        claim.Anchor.Exact.ShouldBe("a spokesman");
    }

    [Fact]
    public async Task Offsets_that_disagree_with_the_quote_are_422_mismatch()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Position(0, 6, "Troops")));

        e.StatusCode.ShouldBe(422);
        e.Result.Errors!.Single().Code.ShouldBe("position-quote-mismatch");
    }

    [Fact]
    public async Task Offsets_past_the_end_of_the_body_are_422()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Position(10, 100_000)));
        e.Result.Errors!.Single().Code.ShouldBe("position-out-of-range");
    }

    [Theory]
    [InlineData("نیروها یک‌شبه ۴۰ کیلومتر پیشروی کردند، سخنگو گفت.", "۴۰ کیلومتر")]
    [InlineData("Le porte-parole a déclaré : « les forces ont avancé ».", "les forces ont avancé")]
    [InlineData("Cafe\u0301 owners said 🚀 rockets 🚀 landed nearby.", "🚀 landed")]
    [InlineData("He said: \"e\u0301te\u0301\" — not \"été\".", "e\u0301te\u0301")]
    public async Task Any_script_is_anchored_in_utf16_code_units(string body, string quote)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, body);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote(quote));

        claim.Anchor.Start.ShouldBe(body.IndexOf(quote, StringComparison.Ordinal));
        claim.Anchor.End.ShouldBe(body.IndexOf(quote, StringComparison.Ordinal) + quote.Length);
        body.Substring(claim.Anchor.Start!.Value, claim.Anchor.End!.Value - claim.Anchor.Start.Value).ShouldBe(quote);
    }

    [Fact]
    public async Task A_position_that_splits_an_emoji_is_422()
    {
        const string body = "Launch 🚀 confirmed.";
        var f = await ArticleFixture.CreateAsync(api.Annotator, body);

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Position(8, 12)));

        e.Result.Errors!.Single().Code.ShouldBe("position-splits-character");
    }

    [Fact]
    public async Task Without_a_body_a_quote_is_stored_as_given_and_offsets_are_refused()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator, body: null);

        var claim = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("the town fell at dawn", prefix: "said "));
        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, Position(0, 5)));

        claim.Anchor.Start.ShouldBeNull();
        claim.Anchor.BodySha256.ShouldBeNull();
        claim.Anchor.Prefix.ShouldBe("said ");
        e.Result.Errors!.Single().Code.ShouldBe("position-without-body");
    }

    [Fact]
    public async Task A_selector_with_neither_quote_nor_position_is_400()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var request = Quote("x");
        request.Selector = new TextSelector();
        await api.Annotator.RegisterClaimAsync(f.Article.Id, request).ShouldFailWith(400);
    }

    [Fact]
    public async Task An_unknown_tag_is_422_listing_the_vocabulary()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var request = Quote("Forces advanced 40 km overnight");
        request.Tags = ["not-a-tag"];

        var e = await Should.ThrowAsync<ApiException<AnchorProblem>>(api.Annotator.RegisterClaimAsync(f.Article.Id, request));

        e.Result.Errors!.Single().Reason!.ShouldContain("wire-copy");
    }

    [Fact]
    public async Task A_claim_in_an_unknown_article_is_404()
    {
        await api.Annotator.RegisterClaimAsync("art_missing", Quote("x")).ShouldFailWith(404);
    }

    [Fact]
    public async Task A_researcher_cannot_mark_a_claim()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        await api.Researcher.RegisterClaimAsync(f.Article.Id, Quote("Forces advanced 40 km overnight")).ShouldFailWith(403);
    }

    [Fact]
    public async Task An_idempotent_retry_returns_the_same_claim()
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var key = Guid.NewGuid().ToString();

        var first = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("Forces advanced 40 km overnight"), key);
        var retry = await api.Annotator.RegisterClaimAsync(f.Article.Id, Quote("Forces advanced 40 km overnight"), key);

        retry.Id.ShouldBe(first.Id);
        (await api.Researcher.ListArticleClaimsAsync(f.Article.Id)).Items.Count.ShouldBe(1);
    }
}
