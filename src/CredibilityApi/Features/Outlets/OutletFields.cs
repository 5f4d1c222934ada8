using CredibilityApi.Infrastructure;
using CredibilityApi.Domain;
using CredibilityApi.Domain.PublicSuffix;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;

namespace CredibilityApi.Features.Outlets;

/// <summary>The editable fields of an outlet, shared by registration and update.</summary>
public abstract class OutletFields
{
    /// <summary>Display name, e.g. "The Daily Example".</summary>
    public string Name { get; init; } = "";

    /// <summary>Home page URL (http or https).</summary>
    public string? Homepage { get; init; }

    /// <summary>
    /// Main host name. <c>www.</c> is dropped; subdomains such as <c>m.</c> or <c>amp.</c> match it on lookup.
    /// Never a public suffix (<c>co.uk</c>, <c>blogspot.com</c>): register the outlet's own domain.
    /// </summary>
    public string PrimaryDomain { get; init; } = "";

    /// <summary>Further host names of the same outlet. Each domain belongs to one outlet only, and none is a public suffix.</summary>
    public List<string> Aliases { get; init; } = [];

    /// <summary>ISO 3166-1 alpha-2 code, upper case (e.g. <c>GB</c>).</summary>
    public string? Country { get; init; }

    /// <summary>BCP 47 language tag (e.g. <c>en</c>, <c>fa-IR</c>); a region must be an ISO 3166-1 code (<c>en-GB</c>, not <c>en-UK</c>) or a UN M.49 area (<c>es-419</c>).</summary>
    public string? Language { get; init; }

    public Ownership Ownership { get; init; } = Ownership.Unknown;

    public string? Notes { get; init; }

    /// <summary>
    /// The outlet's domains mirror one another (the same paths on each, as <c>presstv.ir</c> and
    /// <c>presstv.co.uk</c>): then the same path on any of them is the same article. Default false.
    /// </summary>
    public bool MirrorDomains { get; init; }

    /// <summary>
    /// Confirms that this is a different outlet from a registered one it resembles: a domain that looks like a
    /// registered domain (their Unicode TR39 confusable skeletons match, as <c>prеsstv.ir</c> with a Cyrillic е and
    /// <c>presstv.ir</c>), or a name that reads the same as a registered outlet's. Without it such a request is a 409
    /// naming the look-alike. Not stored. Default false.
    /// </summary>
    public bool AllowSimilar { get; init; }

    internal OutletDetails ToDetails() => new(
        Name.Trim(),
        string.IsNullOrWhiteSpace(Homepage) ? null : Homepage.Trim(),
        Hosts.Normalize(PrimaryDomain)!,
        [.. Aliases.Select(a => Hosts.Normalize(a)!).Distinct()],
        Country,
        Language,
        Ownership,
        string.IsNullOrWhiteSpace(Notes) ? null : Notes,
        MirrorDomains);

    /// <summary>
    /// A public suffix (<c>co.uk</c>, <c>blogspot.com</c>) is never an outlet's domain: it would claim every
    /// site registered under it. One field error per such domain, naming the rule and its section.
    /// </summary>
    internal IEnumerable<ValidationFailure> PublicSuffixErrors()
    {
        var fields = Aliases.Select((alias, i) => ($"aliases[{i}]", alias)).Prepend(("primaryDomain", PrimaryDomain));
        foreach (var (field, value) in fields)
        {
            // UTS #39: a label that mixes scripts (Latin with a Cyrillic letter, say) is how look-alike domains are made.
            if (Hosts.Normalize(value) is { } normalized && Hosts.MixedScriptLabels(normalized) is [var label, ..])
            {
                yield return new ValidationFailure(
                    field,
                    $"The label '{label}' of '{Hosts.ToUnicode(normalized)}' mixes scripts ({string.Join(", ", Domain.Unicode.Scripts.In(label))}); " +
                    "a domain label is written in one script (Han may go with Hiragana, Katakana, Hangul or Bopomofo). Check for look-alike letters.")
                {
                    ErrorCode = "mixed-script",
                };
                continue;
            }

            if (Hosts.Normalize(value) is { } host && Hosts.PublicSuffixRuleOf(host) is { } rule)
            {
                var section = rule.Section == PublicSuffixSection.Private ? "private section" : "ICANN section";
                yield return new ValidationFailure(
                    field,
                    $"'{host}' is a public suffix (rule '{rule.Text}', {section}); register the outlet's own domain, e.g. example.{host}.")
                {
                    ErrorCode = "public-suffix",
                };
            }
        }
    }
}

public abstract class OutletFieldsValidator<T> : Validator<T>
    where T : OutletFields
{
    protected OutletFieldsValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(Limits.NameLength).SingleLine();
        RuleFor(x => x.Homepage)
            .MaximumLength(Limits.UrlLength)
            .Must(BeHttpUrl).WithMessage("Homepage must be an absolute http or https URL.")
            .When(x => !string.IsNullOrWhiteSpace(x.Homepage));
        RuleFor(x => x.PrimaryDomain)
            .NotEmpty()
            .Must(h => Hosts.Normalize(h) is not null).WithMessage("'{PropertyValue}' is not a valid host name (e.g. example.com).");
        RuleFor(x => x.Aliases).NotNull().Must(a => a is null || a.Count <= Limits.MaxAliases)
            .WithMessage($"An outlet has at most {Limits.MaxAliases} aliases.");
        RuleForEach(x => x.Aliases)
            .Must(h => Hosts.Normalize(h) is not null).WithMessage("'{PropertyValue}' is not a valid host name (e.g. example.co.uk).");
        RuleFor(x => x)
            .Must(x => !x.Aliases.Any(a => Hosts.Normalize(a) == Hosts.Normalize(x.PrimaryDomain)))
            .WithName(nameof(OutletFields.Aliases))
            .WithMessage("An alias repeats the primary domain.")
            .When(x => x.Aliases is not null);
        RuleFor(x => x.Country)
            .Must(Countries.IsValid).WithMessage("'{PropertyValue}' is not an ISO 3166-1 alpha-2 code (upper case, e.g. GB, IR, US).")
            .When(x => x.Country is not null);
        RuleFor(x => x.Language)
            .Must(Languages.IsValid).WithMessage((_, tag) => Languages.Problem(tag) ?? "")
            .When(x => x.Language is not null);
        RuleFor(x => x.Ownership).IsInEnum();
        RuleFor(x => x.Notes).MaximumLength(Limits.NotesLength).MultiLine();
    }

    private static bool BeHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
