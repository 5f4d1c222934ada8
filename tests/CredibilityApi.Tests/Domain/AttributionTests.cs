using CredibilityApi.Domain;

namespace CredibilityApi.Tests.Domain;

public sealed class AttributionTests
{
    private static AttributionHop Hop(SourceType type, Medium medium = Medium.Statement, Relation relation = Relation.QuotedFrom) =>
        new($"{type} agent", type, medium, relation, null);

    [Fact]
    public void No_source_at_all_is_unattributed() =>
        Attribution.Classify(null, []).ShouldBe(AttributionClass.Unattributed);

    [Fact]
    public void An_unknown_claimant_without_a_chain_is_unattributed() =>
        Attribution.Classify(SourceType.Unknown, []).ShouldBe(AttributionClass.Unattributed);

    [Theory]
    [InlineData(SourceType.Person)]
    [InlineData(SourceType.Organisation)]
    [InlineData(SourceType.Government)]
    [InlineData(SourceType.Outlet)]
    public void A_named_claimant_the_outlet_reports_directly_is_named_primary(SourceType claimant) =>
        Attribution.Classify(claimant, []).ShouldBe(AttributionClass.NamedPrimary);

    [Fact]
    public void An_anonymous_claimant_without_a_chain_is_anonymous() =>
        Attribution.Classify(SourceType.Anonymous, []).ShouldBe(AttributionClass.Anonymous);

    [Fact]
    public void A_spokesmans_tweet_reported_by_the_outlet_is_named_primary()
    {
        var chain = new[]
        {
            new AttributionHop("Ministry spokesman", SourceType.Government, Medium.SocialPost, Relation.PrimarySource, "https://x.example/status/1"),
        };

        Attribution.Classify(SourceType.Government, chain).ShouldBe(AttributionClass.NamedPrimary);
    }

    [Fact]
    public void A_resident_quoted_by_another_newspaper_is_named_secondhand()
    {
        var chain = new[]
        {
            new AttributionHop("Jane Doe, resident", SourceType.Person, Medium.Interview, Relation.PrimarySource, null),
            new AttributionHop("The Daily Example", SourceType.Outlet, Medium.OtherOutletArticle, Relation.QuotedFrom, "https://daily.example/a"),
        };

        Attribution.Classify(SourceType.Person, chain).ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Fact]
    public void An_analyst_quoted_by_a_wire_agency_is_named_secondhand()
    {
        var chain = new[]
        {
            new AttributionHop("An analyst at a bank", SourceType.Person, Medium.Interview, Relation.PrimarySource, null),
            new AttributionHop("Example Wire", SourceType.Outlet, Medium.WireReport, Relation.ParaphrasedFrom, null),
        };

        Attribution.Classify(SourceType.Person, chain).ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Fact]
    public void An_unnamed_official_is_anonymous()
    {
        var chain = new[]
        {
            new AttributionHop("a senior official", SourceType.Anonymous, Medium.Interview, Relation.PrimarySource, null),
        };

        Attribution.Classify(SourceType.Anonymous, chain).ShouldBe(AttributionClass.Anonymous);
    }

    [Fact]
    public void An_anonymous_intermediary_makes_a_named_source_anonymous()
    {
        var chain = new[] { Hop(SourceType.Person), Hop(SourceType.Anonymous), Hop(SourceType.Outlet) };

        Attribution.Classify(SourceType.Person, chain).ShouldBe(AttributionClass.Anonymous);
    }

    [Fact]
    public void An_anonymous_hop_wins_over_an_unknown_original_source()
    {
        var chain = new[] { Hop(SourceType.Unknown), Hop(SourceType.Anonymous) };

        Attribution.Classify(null, chain).ShouldBe(AttributionClass.Anonymous);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_unknown_original_source_is_unattributed_however_named_the_relays(int hops)
    {
        var chain = new[] { Hop(SourceType.Unknown) }.Concat(Enumerable.Repeat(Hop(SourceType.Outlet), hops - 1)).ToArray();

        Attribution.Classify(SourceType.Person, chain).ShouldBe(AttributionClass.Unattributed);
    }

    [Fact]
    public void An_unknown_intermediary_after_a_named_source_is_still_named_secondhand()
    {
        var chain = new[] { Hop(SourceType.Person), Hop(SourceType.Unknown) };

        Attribution.Classify(SourceType.Person, chain).ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Fact]
    public void A_chain_decides_over_the_claimant_type()
    {
        // The claimant says "unknown" but the chain names the source, which is more specific.
        Attribution.Classify(SourceType.Unknown, [Hop(SourceType.Organisation)]).ShouldBe(AttributionClass.NamedPrimary);
        Attribution.Classify(null, [Hop(SourceType.Person), Hop(SourceType.Outlet)]).ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Fact]
    public void A_chain_of_the_maximum_length_is_named_secondhand()
    {
        var chain = Enumerable.Range(0, Attribution.MaxHops).Select(_ => Hop(SourceType.Outlet)).ToArray();

        Attribution.Classify(SourceType.Outlet, chain).ShouldBe(AttributionClass.NamedSecondhand);
    }

    [Theory]
    [InlineData(Medium.PressRelease, Relation.PrimarySource)]
    [InlineData(Medium.Document, Relation.ParaphrasedFrom)]
    [InlineData(Medium.Unknown, Relation.QuotedFrom)]
    public void Medium_and_relation_do_not_change_the_class(Medium medium, Relation relation) =>
        Attribution.Classify(SourceType.Organisation, [Hop(SourceType.Organisation, medium, relation)])
            .ShouldBe(AttributionClass.NamedPrimary);
}
