using CredibilityApi.Data;
using CredibilityApi.Domain;
using CredibilityApi.Features.Annotations;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Features.Demo;

/// <summary>
/// A small, invented data set written for this project: three outlets (one with a mirror domain),
/// articles with bodies from 2021, claims with each kind of attribution chain, framing notes, a
/// verdict, and ratings by three annotators who do not always agree. Loaded with <c>--seed-demo</c>
/// or <c>Demo:Seed=true</c>; loading it twice changes nothing.
/// </summary>
public static class DemoData
{
    public const string MarkerDomain = "herald-example.ir";

    private sealed record DemoArticle(string Outlet, string Path, string Title, DateTime PublishedAt, string Body);

    private static readonly DemoArticle[] Articles =
    [
        new("herald", "https://www.herald-example.co.uk/world/2021/03/advance", "Forces report rapid advance in the north",
            new DateTime(2021, 3, 14, 9, 30, 0, DateTimeKind.Utc),
            "Forces advanced 40 km overnight, a spokesman said on Twitter. A resident, quoted by the Daily Example, said the town " +
            "fell at dawn. An unnamed official said the town fell at dawn. Officials called them marauding militants; marauding " +
            "militants were seen again near the ridge. Analysts quoted by Northern Wire said the advance had stalled."),
        new("herald", "https://herald-example.ir/world/2021/04/ceasefire", "Ceasefire talks collapse, sources say",
            new DateTime(2021, 4, 2, 7, 0, 0, DateTimeKind.Utc),
            "Ceasefire talks collapsed on Thursday, according to sources close to the negotiations. The foreign ministry said in " +
            "a statement that the other side had walked out. Our nation will not be humiliated, the minister added."),
        new("daily", "https://dailyexample.co.uk/news/2021/03/town-falls", "Residents describe the night the town fell",
            new DateTime(2021, 3, 13, 18, 45, 0, DateTimeKind.Utc),
            "The town fell at dawn, said a resident who asked not to be named for her safety. Another resident, Samir Haddad, said " +
            "he heard shelling from midnight. The regional governor said in a press release that civilians had been evacuated."),
        new("daily", "https://dailyexample.co.uk/news/2021/04/aid", "Aid convoy reaches the valley",
            new DateTime(2021, 4, 9, 11, 15, 0, DateTimeKind.Utc),
            "An aid convoy of 30 trucks reached the valley on Friday, the Red Crescent said. Drivers told reporters the road was " +
            "cratered but passable. The convoy is the first since February."),
        new("wire", "https://northernwire.example/2021/03/analysis", "Analysis: the northern front",
            new DateTime(2021, 3, 15, 6, 0, 0, DateTimeKind.Utc),
            "The advance appears to have stalled, said Dr. Lena Ortiz, a military analyst at the Institute for Regional Studies. " +
            "Satellite images reviewed by Northern Wire show no change in positions since Sunday."),
    ];

    public static async Task<IReadOnlyList<(string Name, Role Role, string Key)>> SeedAsync(CredibilityDbContext db, DateTime now, KeyHasher hasher, CancellationToken ct = default)
    {
        if (await db.OutletDomains.AnyAsync(d => d.Host == MarkerDomain, ct))
        {
            return [];
        }

        var people = new[] { ("Ana (demo annotator)", Role.Annotator), ("Bo (demo annotator)", Role.Annotator), ("Chen (demo annotator)", Role.Annotator), ("Rita (demo researcher)", Role.Researcher) };
        var accounts = new List<Account>();
        var keys = new List<(string, Role, string)>();
        foreach (var (name, role) in people)
        {
            var account = new Account(name, role, null, now);
            var (_, secret) = account.IssueKey("demo", null, now, hasher);
            accounts.Add(account);
            keys.Add((name, role, secret));
        }

        db.Accounts.AddRange(accounts);
        var (ana, bo, chen) = (accounts[0].Id, accounts[1].Id, accounts[2].Id);

        var outlets = new Dictionary<string, Outlet>
        {
            ["herald"] = new(new OutletDetails("Tehran Evening Herald (demo)", "https://www.herald-example.ir/", MarkerDomain, ["herald-example.co.uk"], "IR", "fa", Ownership.State, "Invented outlet. English edition on the .co.uk mirror.", MirrorDomains: true), ana, now),
            ["daily"] = new(new OutletDetails("The Daily Example (demo)", "https://dailyexample.co.uk/", "dailyexample.co.uk", [], "GB", "en", Ownership.Private, "Invented outlet."), bo, now),
            ["wire"] = new(new OutletDetails("Northern Wire (demo)", "https://northernwire.example/", "northernwire.example", ["nw-agency.example"], "NO", "en", Ownership.NonProfit, "Invented wire agency."), chen, now),
        };
        db.Outlets.AddRange(outlets.Values);
        db.OutletRevisions.AddRange(outlets.Values.Select(o => OutletRevision.Registered(o, o.RegisteredBy, now)));

        Article New(Outlet outlet, string url, string title, IReadOnlyList<string> authors, DateTime publishedAt, string? body)
        {
            var canonical = ArticleUrl.Normalize(url)!;
            return new Article(outlet.Id, canonical, ArticleUrl.IdentityHash(canonical, outlet.ToIdentity()), title, authors, publishedAt, "en", body, ana, now);
        }

        var articles = Articles.Select(a => New(outlets[a.Outlet], a.Path, a.Title, ["Staff reporter"], a.PublishedAt, a.Body)).ToList();
        db.Articles.AddRange(articles);

        Anchor At(Article article, string exact, string? prefix = null) =>
            Anchoring.Resolve(article.Body, new TextSelector(exact, prefix, null, null, null)).Anchor
            ?? throw new InvalidOperationException($"Demo selector '{exact}' does not anchor in {article.Url}.");

        AttributionHop Hop(string agent, SourceType type, Medium medium, Relation relation) => new(agent, type, medium, relation, null);

        var advance = articles[0];
        var claims = new List<Claim>
        {
            new(advance, At(advance, "Forces advanced 40 km overnight"), new("Army spokesman", SourceType.Government),
                [Hop("Army spokesman", SourceType.Government, Medium.SocialPost, Relation.PrimarySource)], [], ana, now),
            new(advance, At(advance, "the town fell at dawn", "quoted by the Daily Example, said "), new("A resident", SourceType.Person),
                [Hop("A resident", SourceType.Person, Medium.Interview, Relation.PrimarySource), Hop("The Daily Example", SourceType.Outlet, Medium.OtherOutletArticle, Relation.QuotedFrom)], [], ana, now),
            new(advance, At(advance, "the town fell at dawn", "An unnamed official said "), new(null, SourceType.Anonymous),
                [Hop("an unnamed official", SourceType.Anonymous, Medium.Statement, Relation.PrimarySource)], [], bo, now),
            new(advance, At(advance, "the advance had stalled"), new("Analysts", SourceType.Person),
                [Hop("Analysts", SourceType.Person, Medium.Interview, Relation.PrimarySource), Hop("Northern Wire", SourceType.Outlet, Medium.WireReport, Relation.QuotedFrom)], ["wire-copy"], chen, now),
            new(articles[1], At(articles[1], "Ceasefire talks collapsed on Thursday"), new(null, SourceType.Unknown), [], [], bo, now),
            new(articles[1], At(articles[1], "the other side had walked out"), new("Foreign ministry", SourceType.Government),
                [Hop("Foreign ministry", SourceType.Government, Medium.Statement, Relation.PrimarySource)], [], bo, now),
            new(articles[2], At(articles[2], "he heard shelling from midnight"), new("Samir Haddad", SourceType.Person),
                [Hop("Samir Haddad", SourceType.Person, Medium.Interview, Relation.PrimarySource)], [], chen, now),
            new(articles[3], At(articles[3], "An aid convoy of 30 trucks reached the valley on Friday"), new("Red Crescent", SourceType.Organisation),
                [Hop("Red Crescent", SourceType.Organisation, Medium.Statement, Relation.PrimarySource)], [], ana, now),
        };
        db.Claims.AddRange(claims);

        var annotations = new List<Annotation>();
        AnnotationTarget Of(Article a) => new(TargetType.Article, a.Id, a.OutletId, a.Id, null, a.PublishedAt, a.BodySha256);
        AnnotationTarget OfClaim(Claim c) => new(TargetType.Claim, c.Id, c.OutletId, c.ArticleId, c.Id, c.ArticlePublishedAt, c.BodySha256);

        annotations.Add(Annotation.Provenance(OfClaim(claims[0]),
            new ProvenanceContent(ProvenanceAspect.Verdict, Verdict.Misleading,
                "The spokesman's post says 40 km; the army's own map published the same day shows about 12 km.",
                ["https://archive.example.org/demo/army-map"], true, "https://social.example/demo/spokesman/1"), ["primary-source-archived"], ana, now));
        annotations.Add(Annotation.Provenance(OfClaim(claims[0]),
            new ProvenanceContent(ProvenanceAspect.Verdict, Verdict.Mixed, "Distance overstated, direction of the advance right.", [], true, null), [], chen, now));
        annotations.Add(Annotation.Provenance(OfClaim(claims[2]),
            new ProvenanceContent(ProvenanceAspect.Attribution, null, "No second source; the official is not described beyond 'unnamed'.", [], false, null), ["needs-second-look"], bo, now));
        annotations.Add(Annotation.Provenance(new AnnotationTarget(TargetType.Outlet, outlets["herald"].Id, outlets["herald"].Id, null, null, null, null),
            new ProvenanceContent(ProvenanceAspect.Ownership, null, "Owned by a state broadcasting authority (invented for the demo).", [], null, null), [], ana, now));

        annotations.Add(Annotation.Framing(Of(advance),
            new FramingContent("name-calling-labeling", 2, "government forces", null, "Opponents are only ever 'marauding militants'.", At(advance, "marauding militants", "called them ")), [], ana, now));
        annotations.Add(Annotation.Framing(Of(advance),
            new FramingContent("loaded-language", 2, null, null, null, At(advance, "marauding militants", "called them ")), [], bo, now));
        annotations.Add(Annotation.Framing(Of(advance),
            new FramingContent("frame-security-and-defense", 1, null, null, "The whole piece is told as a military story.", null), [], chen, now));
        annotations.Add(Annotation.Framing(Of(articles[1]),
            new FramingContent("flag-waving", 3, "the government", null, null, At(articles[1], "Our nation will not be humiliated")), [], bo, now));

        // Three annotators, mostly but not entirely in agreement.
        var scores = new (Article Article, string Annotator, double Accuracy, double Sourcing, double Neutrality, double Headline, double Slant)[]
        {
            (articles[0], ana, 35, 30, 20, 40, -60), (articles[0], bo, 45, 25, 30, 50, -50), (articles[0], chen, 30, 35, 25, 35, -70),
            (articles[1], ana, 50, 20, 30, 60, -40), (articles[1], bo, 40, 15, 20, 55, -55),
            (articles[2], ana, 80, 75, 80, 85, 0), (articles[2], bo, 85, 70, 75, 80, 10), (articles[2], chen, 75, 80, 85, 90, 5),
            (articles[3], chen, 90, 85, 90, 90, 0), (articles[3], ana, 85, 90, 85, 95, 0),
            (articles[4], bo, 85, 90, 80, 85, 0), (articles[4], chen, 90, 85, 85, 80, 10),
        };
        // Short briefs (titles, no body), two per outlet and month, rated by all three: enough articles rated by
        // several annotators in the same outlet-month for methodology v2 to estimate its variance components, and
        // annotators who differ in leniency (Bo rates higher, Chen lower) for GET /annotators/leniency to show.
        var level = new Dictionary<string, double> { ["herald"] = 38, ["daily"] = 78, ["wire"] = 84 };
        var briefs = new List<Article>();
        var extra = new List<(Article Article, string Annotator, double Accuracy, double Sourcing, double Neutrality, double Headline, double Slant)>();
        foreach (var (key, outlet) in outlets)
        {
            foreach (var month in new[] { 3, 4 })
            {
                for (var i = 0; i < 2; i++)
                {
                    var brief = New(outlet, $"https://{outlet.PrimaryDomain}/briefs/2021/{month:00}/{i + 1}",
                        $"Brief {i + 1}, {new DateTime(2021, month, 1):MMMM yyyy}", ["Desk"], new DateTime(2021, month, 5 + (7 * i), 8, 0, 0, DateTimeKind.Utc), null);
                    briefs.Add(brief);
                    var article = level[key] + (i == 0 ? -6 : 5) + (month == 4 ? 2 : 0);
                    foreach (var (annotator, lean, wobble) in new[] { (ana, 0.0, 1.0), (bo, 6.0, -2.0), (chen, -4.0, 3.0) })
                    {
                        var v = Math.Clamp(article + lean + (wobble * (i == 0 ? 1 : -1)), 0, 100);
                        extra.Add((brief, annotator, v, Math.Clamp(v - 8, 0, 100), Math.Clamp(v - 4, 0, 100), Math.Clamp(v + 3, 0, 100), key == "herald" ? -50 + lean : lean));
                    }
                }
            }
        }

        db.Articles.AddRange(briefs);
        scores = [.. scores, .. extra];
        foreach (var s in scores)
        {
            foreach (var (dimension, value) in new[] { ("factual_accuracy", s.Accuracy), ("sourcing_transparency", s.Sourcing), ("framing_neutrality", s.Neutrality), ("headline_fidelity", s.Headline), ("slant", s.Slant) })
            {
                annotations.Add(Annotation.Rating(Of(s.Article), new RatingContent(dimension, value, null, 1), [], s.Annotator, now));
            }
        }

        db.Annotations.AddRange(annotations);
        foreach (var annotation in annotations)
        {
            AnnotationStore.Record(db, annotation, RevisionAction.Created, annotation.AuthorId, null, now);
        }

        await db.SaveChangesAsync(ct);
        return keys;
    }
}
