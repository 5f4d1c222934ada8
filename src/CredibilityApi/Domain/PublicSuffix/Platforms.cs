namespace CredibilityApi.Domain.PublicSuffix;

/// <summary>
/// Publishing platforms whose subdomains are separate publications (<c>x.substack.com</c> is one
/// writer's newsletter, not Substack's), as Media Cloud treats them: each subdomain is an outlet of its
/// own, and a lookup under it never falls back to the platform's domain. The platform's own domain can
/// still be registered, as the outlet of the platform itself.
/// </summary>
/// <remarks>
/// Only platforms the Public Suffix List does not already cover belong here. <c>blogspot.com</c> (and its
/// country variants), <c>github.io</c> and <c>ghost.io</c> are private-section suffixes of the list, so
/// every subdomain of theirs is a registrable domain already, and the domains themselves are refused.
/// A test checks that no entry here is a public suffix; when the list adds one, remove it here.
/// </remarks>
public static class Platforms
{
    /// <summary>The platform domains, lower-case ASCII.</summary>
    public static IReadOnlySet<string> Domains { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "substack.com",
        "medium.com",
        "wordpress.com",
        "tumblr.com",
        "livejournal.com",
        "typepad.com",
        "weebly.com",
    };
}
