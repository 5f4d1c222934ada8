namespace CredibilityApi.Domain;

/// <summary>Who owns an outlet.</summary>
public enum Ownership
{
    Unknown,
    State,
    PublicService,
    Private,
    NonProfit,
}

public sealed class Outlet : VersionedEntity
{
    private readonly List<OutletDomain> _domains = [];

    private Outlet() { }

    /// <param name="details">The outlet's description and domains.</param>
    /// <param name="registeredBy">The account that registers it; null only for outlets made outside the API.</param>
    /// <param name="now">The instant of registration.</param>
    public Outlet(OutletDetails details, string? registeredBy, DateTime now)
    {
        Id = Ids.New("out");
        RegisteredBy = registeredBy;
        Apply(details);
        Created(now);
    }

    public string Name { get; private set; } = "";

    /// <summary>
    /// <see cref="Unicode.Confusables.SkeletonKey"/> of the name, case-folded with spaces collapsed: two outlets whose
    /// names look alike (<c>Press TV</c>, <c>press  tv</c>, <c>Prеss TV</c> with a Cyrillic е) share it.
    /// </summary>
    public string NameKey { get; private set; } = "";

    public string? Homepage { get; private set; }
    public string? Country { get; private set; }
    public string? Language { get; private set; }
    public Ownership Ownership { get; private set; }
    public string? Notes { get; private set; }

    /// <summary>The outlet's domains serve the same paths: the same path on any of them is the same article.</summary>
    public bool MirrorDomains { get; private set; }
    /// <summary>
    /// The account that registered the outlet: it (or an admin) alone changes the outlet's domains. Null for
    /// outlets registered before registrants were recorded, whose domains only an admin changes.
    /// </summary>
    public string? RegisteredBy { get; private set; }

    public IReadOnlyList<OutletDomain> Domains => _domains;

    public string PrimaryDomain => _domains.Single(d => d.IsPrimary).Host;

    /// <summary>What the identity of this outlet's articles depends on.</summary>
    public OutletIdentity ToIdentity() => new(Id, [.. _domains.Select(d => d.Host)], MirrorDomains);
    /// <summary>The hosts other than the primary domain, in ordinal order.</summary>
    public IReadOnlyList<string> Aliases => [.. _domains.Where(d => !d.IsPrimary).Select(d => d.Host).Order(StringComparer.Ordinal)];

    /// <summary>
    /// True when <paramref name="details"/> would add or remove a domain, move the primary domain, or change whether the
    /// domains mirror one another (which decides which URLs are one article).
    /// </summary>
    public bool ChangesDomains(OutletDetails details) =>
        details.PrimaryDomain != PrimaryDomain ||
        details.MirrorDomains != MirrorDomains ||
        !details.Aliases.Order(StringComparer.Ordinal).SequenceEqual(Aliases, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="accountId"/> may change the domains: the registrant or an admin.</summary>
    public bool MayChangeDomains(string accountId, bool isAdmin) => isAdmin || (RegisteredBy is not null && RegisteredBy == accountId);

    /// <summary>The look-alike key of an outlet name (see <see cref="NameKey"/>).</summary>
    public static string NameKeyOf(string name) =>
        Unicode.Confusables.SkeletonKey(string.Join(' ', name.Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));

    /// <summary>Sets the look-alike keys of an outlet stored before they existed (see <c>OutletSkeletons</c>).</summary>
    internal void RefreshLookAlikeKeys()
    {
        NameKey = NameKeyOf(Name);
        foreach (var domain in _domains)
        {
            domain.SkeletonKey = OutletDomain.SkeletonKeyOf(domain.Host);
        }
    }

    public void Update(OutletDetails details, DateTime now)
    {
        Apply(details);
        Touch(now);
    }

    private void Apply(OutletDetails details)
    {
        var hosts = details.Aliases.Prepend(details.PrimaryDomain).ToList();
        if (hosts.Distinct(StringComparer.Ordinal).Count() != hosts.Count)
        {
            throw new DomainException("An outlet lists the same domain twice.");
        }

        Name = details.Name;
        NameKey = NameKeyOf(details.Name);
        Homepage = details.Homepage;
        Country = details.Country;
        Language = details.Language;
        Ownership = details.Ownership;
        Notes = details.Notes;
        MirrorDomains = details.MirrorDomains;

        // Keep the rows of domains that stay, so their unique index is not churned by an edit.
        _domains.RemoveAll(d => !hosts.Contains(d.Host));
        foreach (var host in hosts)
        {
            var existing = _domains.FirstOrDefault(d => d.Host == host);
            if (existing is null)
            {
                _domains.Add(new OutletDomain(Id, host, host == details.PrimaryDomain));
            }
            else
            {
                existing.IsPrimary = host == details.PrimaryDomain;
            }
        }
    }
}

/// <summary>The editable description of an outlet, with its hosts already normalised.</summary>
public sealed record OutletDetails(
    string Name,
    string? Homepage,
    string PrimaryDomain,
    IReadOnlyList<string> Aliases,
    string? Country,
    string? Language,
    Ownership Ownership,
    string? Notes,
    bool MirrorDomains = false);

public sealed class OutletDomain
{
    private OutletDomain() { }

    internal OutletDomain(string outletId, string host, bool isPrimary)
    {
        OutletId = outletId;
        Host = host;
        SkeletonKey = SkeletonKeyOf(host);
        IsPrimary = isPrimary;
    }

    /// <summary>
    /// <see cref="Unicode.Confusables.SkeletonKey"/> of the host as people read it (Unicode, not Punycode): a domain
    /// that looks like this one (<c>prеsstv.ir</c> with a Cyrillic е, <c>paypa1.com</c>) has the same key.
    /// </summary>
    public string SkeletonKey { get; internal set; } = "";

    public static string SkeletonKeyOf(string normalizedHost) => Unicode.Confusables.SkeletonKey(Hosts.ToUnicode(normalizedHost));

    public int Id { get; private init; }
    public string OutletId { get; private init; } = "";

    /// <summary>Normalised host; unique across all outlets.</summary>
    public string Host { get; private init; } = "";

    public bool IsPrimary { get; internal set; }
}
