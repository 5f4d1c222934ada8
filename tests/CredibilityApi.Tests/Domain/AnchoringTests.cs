using System.Diagnostics;
using System.Text;
using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class AnchoringTests
{
    private const string Body = "The minister said the plan was safe. Critics said the plan was rushed.";

    private static TextSelector Quote(string exact, string? prefix = null, string? suffix = null) =>
        new(exact, prefix, suffix, null, null);

    private static TextSelector Position(int start, int end, string? exact = null) =>
        new(exact, null, null, start, end);

    [Fact]
    public void A_unique_quote_is_anchored_with_its_offsets_and_context()
    {
        var result = Anchoring.Resolve(Body, Quote("was safe"));

        result.Succeeded.ShouldBeTrue();
        result.Failure.ShouldBe(AnchorFailure.None);
        result.Occurrences.ShouldBe(1);
        var anchor = result.Anchor!;
        anchor.Start.ShouldBe(Body.IndexOf("was safe", StringComparison.Ordinal));
        anchor.End.ShouldBe(anchor.Start + "was safe".Length);
        anchor.Exact.ShouldBe("was safe");
        anchor.Prefix.ShouldBe("The minister said the plan ");
        anchor.Suffix.ShouldBe(". Critics said the plan was rush");
        anchor.Suffix!.Length.ShouldBe(Anchoring.ContextLength);
    }

    [Fact]
    public void A_quote_not_in_the_body_is_not_found_and_the_message_says_to_copy_it()
    {
        var result = Anchoring.Resolve(Body, Quote("was Safe"));

        result.Succeeded.ShouldBeFalse();
        result.Anchor.ShouldBeNull();
        result.Failure.ShouldBe(AnchorFailure.NotFound);
        result.Occurrences.ShouldBe(0);
        result.Message.ShouldContain("case- and accent-sensitive");
        result.Message.ShouldContain("GET the article");
    }

    [Fact]
    public void A_quote_that_occurs_only_without_the_given_prefix_is_not_found_and_the_message_blames_the_prefix()
    {
        var result = Anchoring.Resolve(Body, Quote("the plan", prefix: "nobody said "));

        result.Failure.ShouldBe(AnchorFailure.NotFound);
        result.Message.ShouldContain("prefix");
    }

    [Fact]
    public void An_ambiguous_quote_reports_how_often_it_occurs()
    {
        var result = Anchoring.Resolve(Body, Quote("the plan was"));

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AnchorFailure.Ambiguous);
        result.Occurrences.ShouldBe(2);
        result.Message.ShouldContain("2 times");
        result.Message.ShouldContain("prefix or suffix");
        result.Message.ShouldContain("start and end offsets");
    }

    [Fact]
    public void An_ambiguous_quote_is_fixed_by_a_prefix()
    {
        var result = Anchoring.Resolve(Body, Quote("the plan was", prefix: "Critics said "));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.Start.ShouldBe(Body.LastIndexOf("the plan was", StringComparison.Ordinal));
    }

    [Fact]
    public void An_ambiguous_quote_is_fixed_by_a_suffix()
    {
        var result = Anchoring.Resolve(Body, Quote("the plan was", suffix: " safe"));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.Start.ShouldBe(Body.IndexOf("the plan was", StringComparison.Ordinal));
    }

    [Fact]
    public void Overlapping_occurrences_each_count()
    {
        var result = Anchoring.Resolve("aaa", Quote("aa"));

        result.Failure.ShouldBe(AnchorFailure.Ambiguous);
        result.Occurrences.ShouldBe(2);
    }

    [Fact]
    public void A_prefix_longer_than_the_text_before_the_quote_does_not_match_there()
    {
        // Only "a" precedes the quote, so a prefix "xa" must not match a part of itself.
        var result = Anchoring.Resolve("ab", Quote("b", prefix: "xa"));

        result.Failure.ShouldBe(AnchorFailure.NotFound);
    }

    [Fact]
    public void Offsets_alone_are_anchored_and_the_quote_is_taken_from_the_body()
    {
        var result = Anchoring.Resolve(Body, Position(4, 12));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.ShouldBe(new Anchor(4, 12, "minister", "The ", " said the plan was safe. Critics"));
    }

    [Fact]
    public void Offsets_and_a_quote_that_agree_are_anchored()
    {
        var result = Anchoring.Resolve(Body, Position(4, 12, "minister"));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.Start.ShouldBe(4);
        result.Anchor.End.ShouldBe(12);
    }

    [Fact]
    public void Offsets_fix_an_ambiguous_quote()
    {
        var second = Body.LastIndexOf("the plan was", StringComparison.Ordinal);

        var result = Anchoring.Resolve(Body, Position(second, second + 12, "the plan was"));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.Start.ShouldBe(second);
    }

    [Fact]
    public void Offsets_and_a_quote_that_disagree_are_a_mismatch_showing_the_text_at_the_offsets()
    {
        var result = Anchoring.Resolve(Body, Position(4, 12, "minister."));

        result.Failure.ShouldBe(AnchorFailure.Mismatch);
        result.Message.ShouldContain("\"minister\"");
        result.Message.ShouldContain("UTF-16");
    }

    [Fact]
    public void A_mismatch_message_shows_at_most_about_80_characters_of_the_text()
    {
        var body = new string('x', 500);

        var result = Anchoring.Resolve(body, Position(0, 500, new string('y', 500)));

        result.Failure.ShouldBe(AnchorFailure.Mismatch);
        result.Message.ShouldContain(new string('x', 80) + "…");
        result.Message.ShouldNotContain(new string('x', 81));
    }

    [Fact]
    public void Offsets_with_a_prefix_that_does_not_match_the_text_before_them_are_a_mismatch()
    {
        var result = Anchoring.Resolve(Body, new TextSelector("minister", "A ", null, 4, 12));

        result.Failure.ShouldBe(AnchorFailure.Mismatch);
        result.Message.ShouldContain("prefix");
    }

    [Fact]
    public void Offsets_with_a_suffix_that_does_not_match_the_text_after_them_are_a_mismatch()
    {
        var result = Anchoring.Resolve(Body, new TextSelector("minister", "The ", " sang", 4, 12));

        result.Failure.ShouldBe(AnchorFailure.Mismatch);
        result.Message.ShouldContain("suffix");
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(0, 71)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(70, 71)]
    public void Offsets_outside_the_body_are_out_of_range_and_the_message_gives_the_length(int start, int end)
    {
        Body.Length.ShouldBe(70);

        var result = Anchoring.Resolve(Body, Position(start, end));

        result.Failure.ShouldBe(AnchorFailure.OutOfRange);
        result.Message.ShouldContain("70");
    }

    [Fact]
    public void Range_errors_are_reported_before_a_mismatch()
    {
        Anchoring.Resolve(Body, Position(60, 80, "anything")).Failure.ShouldBe(AnchorFailure.OutOfRange);
    }

    [Fact]
    public void The_whole_body_can_be_selected_and_has_no_context()
    {
        var result = Anchoring.Resolve(Body, Position(0, Body.Length));

        result.Anchor.ShouldBe(new Anchor(0, Body.Length, Body, null, null));
    }

    [Fact]
    public void Persian_right_to_left_text_is_anchored_in_utf16_code_units()
    {
        // "The minister said: the plan is safe." in Persian, between Latin text.
        const string body = "Report: وزیر گفت: طرح امن است. End.";
        const string quote = "طرح امن";

        var result = Anchoring.Resolve(body, Quote(quote));

        result.Succeeded.ShouldBeTrue();
        result.Anchor!.Start.ShouldBe(18);
        result.Anchor.End.ShouldBe(25);
        body[18..25].ShouldBe(quote);
        result.Anchor.Prefix.ShouldBe("Report: وزیر گفت: ");

        Anchoring.Resolve(body, Position(18, 25)).Anchor!.Exact.ShouldBe(quote);
    }

    [Fact]
    public void Arabic_with_diacritics_matches_only_with_the_same_marks()
    {
        // Harakat are separate code points; a quote without them is different text.
        const string body = "قالَ الوزيرُ إنَّ الخطةَ آمنة";

        Anchoring.Resolve(body, Quote("الوزيرُ")).Anchor!.Start.ShouldBe(5);
        Anchoring.Resolve(body, Quote("الوزير ")).Failure.ShouldBe(AnchorFailure.NotFound);
    }

    [Fact]
    public void A_combining_accent_counts_as_its_own_code_unit_and_is_not_normalised()
    {
        const string body = "Le cafe\u0301 et le caf\u00e9.";

        var decomposed = Anchoring.Resolve(body, Quote("cafe\u0301"));
        decomposed.Anchor!.Start.ShouldBe(3);
        decomposed.Anchor.End.ShouldBe(8);

        var composed = Anchoring.Resolve(body, Quote("caf\u00e9"));
        composed.Anchor!.Start.ShouldBe(15);
        composed.Anchor.End.ShouldBe(19);
    }

    [Fact]
    public void An_emoji_counts_as_two_code_units()
    {
        const string body = "Launch 🚀 today";
        "🚀".Length.ShouldBe(2);

        var result = Anchoring.Resolve(body, Quote("🚀 today"));

        result.Anchor!.Start.ShouldBe(7);
        result.Anchor.End.ShouldBe(15);
        result.Anchor.End.ShouldBe(body.Length);
        Anchoring.Resolve(body, Position(7, 9)).Anchor!.Exact.ShouldBe("🚀");
    }

    [Theory]
    [InlineData(8, 12)]
    [InlineData(0, 8)]
    public void A_position_splitting_an_emojis_surrogate_pair_is_refused(int start, int end)
    {
        const string body = "Launch 🚀 today";

        var result = Anchoring.Resolve(body, Position(start, end));

        result.Failure.ShouldBe(AnchorFailure.SplitsSurrogatePair);
        result.Message.ShouldContain("8");
        result.Message.ShouldContain(body.Length.ToString());
    }

    [Fact]
    public void A_quote_that_is_half_an_emoji_is_refused_as_splitting_it()
    {
        const string body = "Launch 🚀 today";

        var result = Anchoring.Resolve(body, Quote("\uDE80 today"));

        result.Failure.ShouldBe(AnchorFailure.SplitsSurrogatePair);
    }

    [Fact]
    public void Without_a_body_a_quote_is_stored_as_given()
    {
        var result = Anchoring.Resolve(null, Quote("the plan", prefix: "said ", suffix: null));

        result.Succeeded.ShouldBeTrue();
        result.Anchor.ShouldBe(new Anchor(null, null, "the plan", "said ", null));
    }

    [Fact]
    public void Without_a_body_a_position_is_refused()
    {
        Anchoring.Resolve(null, Position(0, 4)).Failure.ShouldBe(AnchorFailure.PositionWithoutBody);
        Anchoring.Resolve(null, Position(0, 4, "The ")).Failure.ShouldBe(AnchorFailure.PositionWithoutBody);
    }

    [Fact]
    public void A_selector_without_quote_or_position_is_missing()
    {
        var result = Anchoring.Resolve(Body, new TextSelector(null, "x", "y", null, null));

        result.Failure.ShouldBe(AnchorFailure.MissingSelector);
        result.Message.ShouldContain("exact");
    }

    [Theory]
    [InlineData(3, null)]
    [InlineData(null, 3)]
    public void Only_one_offset_is_a_missing_selector_even_with_a_quote(int? start, int? end)
    {
        Anchoring.Resolve(Body, new TextSelector("minister", null, null, start, end))
            .Failure.ShouldBe(AnchorFailure.MissingSelector);
    }

    [Fact]
    public void An_empty_quote_is_refused()
    {
        Anchoring.Resolve(Body, Quote("")).Failure.ShouldBe(AnchorFailure.EmptyQuote);
        Anchoring.Resolve(null, Quote("")).Failure.ShouldBe(AnchorFailure.EmptyQuote);
    }

    [Fact]
    public void Context_at_the_start_and_end_of_the_body_is_null()
    {
        var atStart = Anchoring.Resolve(Body, Position(0, 3)).Anchor!;
        atStart.Prefix.ShouldBeNull();
        atStart.Suffix!.Length.ShouldBe(Anchoring.ContextLength);

        var atEnd = Anchoring.Resolve(Body, Quote("rushed.")).Anchor!;
        atEnd.Suffix.ShouldBeNull();
        atEnd.Prefix.ShouldBe(Body[(Body.Length - 7 - 32)..^7]);
    }

    [Fact]
    public void Context_near_the_edges_is_whatever_text_there_is()
    {
        var anchor = Anchoring.Resolve(Body, Quote("minister")).Anchor!;

        anchor.Prefix.ShouldBe("The ");
    }

    [Fact]
    public void Computed_context_ignores_a_prefix_and_suffix_sent_by_the_client()
    {
        var anchor = Anchoring.Resolve(Body, Quote("minister", prefix: "The ", suffix: " said")).Anchor!;

        anchor.Prefix.ShouldBe("The ");
        anchor.Suffix.ShouldBe(" said the plan was safe. Critics");
    }

    [Fact]
    public void Computed_context_is_shortened_rather_than_split_a_surrogate_pair()
    {
        // 31 ASCII units then the emoji: a 32-unit prefix would start at the emoji's low surrogate.
        var before = "🚀" + new string('a', 31);
        var after = new string('b', 31) + "🚀";
        var body = before + "QUOTE" + after;

        var anchor = Anchoring.Resolve(body, Quote("QUOTE")).Anchor!;

        anchor.Prefix.ShouldBe(new string('a', 31));
        anchor.Suffix.ShouldBe(new string('b', 31));
    }

    [Fact]
    public void Computed_context_keeps_a_whole_emoji_at_its_edge()
    {
        var body = "x🚀" + new string('a', 30) + "QUOTE" + new string('b', 30) + "🚀x";

        var anchor = Anchoring.Resolve(body, Quote("QUOTE")).Anchor!;

        anchor.Prefix.ShouldBe("🚀" + new string('a', 30));
        anchor.Suffix.ShouldBe(new string('b', 30) + "🚀");
    }

    [Fact]
    public void A_2_MiB_body_is_anchored_quickly()
    {
        var paragraph = "The committee met again on Tuesday and agreed to meet again next week. ";
        var builder = new StringBuilder(2 * 1024 * 1024);
        while (builder.Length < 2 * 1024 * 1024 - 200)
        {
            builder.Append(paragraph);
        }

        var uniqueAt = builder.Length;
        builder.Append("Only here the minister resigned.");
        var body = builder.ToString();

        var watch = Stopwatch.StartNew();
        var unique = Anchoring.Resolve(body, Quote("the minister resigned"));
        var everywhere = Anchoring.Resolve(body, Quote("again"));
        var neverWithPrefix = Anchoring.Resolve(body, Quote("again", prefix: "met once "));
        var byPosition = Anchoring.Resolve(body, Position(uniqueAt, body.Length, "Only here the minister resigned."));
        watch.Stop();

        unique.Anchor!.Start.ShouldBe(uniqueAt + "Only here ".Length);
        everywhere.Failure.ShouldBe(AnchorFailure.Ambiguous);
        everywhere.Occurrences.ShouldBe(1000);
        everywhere.Message.ShouldContain("at least 1000 times");
        neverWithPrefix.Failure.ShouldBe(AnchorFailure.NotFound);
        byPosition.Succeeded.ShouldBeTrue();
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_long_repetitive_quote_in_a_repetitive_2_MiB_body_is_still_quick()
    {
        // Every position matches the quote's first and last units but fails in the middle:
        // the worst case for a naive search.
        var body = new string('a', 2 * 1024 * 1024);
        var quote = new string('a', 500) + "b" + new string('a', 499);

        var watch = Stopwatch.StartNew();
        var result = Anchoring.Resolve(body, Quote(quote));
        watch.Stop();

        result.Failure.ShouldBe(AnchorFailure.NotFound);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Anchoring_by_position_then_by_the_returned_quote_finds_the_same_place_or_reports_ambiguity()
    {
        var random = new Random(20_260_115);
        string[] alphabet = ["a", "b", "🚀"];
        var (same, ambiguous, splits) = (0, 0, 0);

        for (var i = 0; i < 500; i++)
        {
            var body = RandomBody(random, alphabet);
            var start = random.Next(0, body.Length);
            var end = random.Next(start + 1, body.Length + 1);

            var byPosition = Anchoring.Resolve(body, Position(start, end));
            if (SplitsPair(body, start) || SplitsPair(body, end))
            {
                byPosition.Failure.ShouldBe(AnchorFailure.SplitsSurrogatePair);
                splits++;
                continue;
            }

            byPosition.Succeeded.ShouldBeTrue();
            var anchor = byPosition.Anchor!;
            anchor.Start.ShouldBe(start);
            anchor.End.ShouldBe(end);
            anchor.Exact.ShouldBe(body[start..end]);

            var byQuote = Anchoring.Resolve(body, Quote(anchor.Exact, anchor.Prefix, anchor.Suffix));
            var expected = BruteForceCount(body, anchor.Exact, anchor.Prefix, anchor.Suffix);
            expected.ShouldBeGreaterThanOrEqualTo(1, "the place itself always matches");

            if (expected == 1)
            {
                byQuote.Anchor.ShouldBe(anchor, $"body \"{body}\", range {start}..{end}");
                same++;
            }
            else
            {
                byQuote.Failure.ShouldBe(AnchorFailure.Ambiguous, $"body \"{body}\", range {start}..{end}");
                byQuote.Occurrences.ShouldBe(expected);
                ambiguous++;
            }
        }

        // Each branch must have been exercised, or the test proves less than it claims.
        same.ShouldBeGreaterThan(50);
        ambiguous.ShouldBeGreaterThan(5);
        splits.ShouldBeGreaterThan(5);
    }

    private static string RandomBody(Random random, string[] alphabet)
    {
        var builder = new StringBuilder();
        if (random.Next(3) == 0)
        {
            // A short unit repeated many times: the only way a 32-unit context can still be ambiguous.
            var unit = string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var times = random.Next(1, 60);
            for (var i = 0; i < times; i++)
            {
                builder.Append(unit);
            }
        }
        else
        {
            var length = random.Next(1, 80);
            for (var i = 0; i < length; i++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Every start index where prefix + exact + suffix sits in the body, compared one by one.</summary>
    private static int BruteForceCount(string body, string exact, string? prefix, string? suffix)
    {
        var count = 0;
        for (var p = 0; p + exact.Length <= body.Length; p++)
        {
            if (string.CompareOrdinal(body, p, exact, 0, exact.Length) == 0 &&
                (prefix is null || body[..p].EndsWith(prefix, StringComparison.Ordinal)) &&
                (suffix is null || body[(p + exact.Length)..].StartsWith(suffix, StringComparison.Ordinal)))
            {
                count++;
            }
        }

        return count;
    }

    private static bool SplitsPair(string text, int index) =>
        index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);

    [Theory]
    [InlineData("Forces advanced 40\u00A0km \u2013 officials said", "40 km - officials", "Forces advanced ")]
    [InlineData("It\u2019s   \u201Cover\u201D,\tthey said", "It's \"over\", they", null)]
    [InlineData("a \u2014 b", "a - b", null)]
    public void A_quote_that_matches_only_once_folded_is_not_found_and_suggests_the_bodys_text(string body, string quote, string? prefix)
    {
        var result = Anchoring.Resolve(body, Quote(quote, prefix?.Replace(" ", "  ", StringComparison.Ordinal)));

        result.Succeeded.ShouldBeFalse();
        result.Failure.ShouldBe(AnchorFailure.NotFound);
        var suggestion = result.Suggestion!;
        body[suggestion.Start..suggestion.End].ShouldBe(suggestion.Exact);
        suggestion.Prefix.ShouldBe(prefix);
        Anchoring.Resolve(body, Quote(suggestion.Exact, suggestion.Prefix)).Anchor!.Start.ShouldBe(suggestion.Start);
    }

    [Fact]
    public void An_ambiguous_quote_lists_at_most_20_places_and_counts_them_all()
    {
        var body = string.Concat(Enumerable.Repeat("the plan was safe. ", 25));

        var result = Anchoring.Resolve(body, Quote("was safe"));

        result.Failure.ShouldBe(AnchorFailure.Ambiguous);
        result.Occurrences.ShouldBe(25);
        result.Places!.Count.ShouldBe(20);
        result.Places[0].ShouldBe(new QuoteOccurrence(9, 17, "the plan ", ". the plan was safe. the plan w"[..30]));
        result.Message.ShouldContain("The first 20 are listed");
    }
}
