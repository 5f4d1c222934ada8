namespace CredibilityApi.Domain;

/// <summary>
/// Length limits shared by the request validators and the EF configurations, so a column can never
/// be narrower than what the API accepts.
/// </summary>
public static class Limits
{
    public const int IdLength = 40;
    public const int NameLength = 200;
    public const int EmailLength = 320;
    public const int HostLength = 253;
    public const int UrlLength = 2048;
    public const int TitleLength = 1000;
    public const int AuthorLength = 200;
    public const int MaxAuthors = 50;
    public const int MaxAliases = 50;
    public const int LanguageLength = 35;
    public const int NotesLength = 4000;
    public const int KeyNameLength = 100;
    public const int Sha256HexLength = 64;
    public const int IdempotencyKeyLength = 255;
    public const int KeyLength = 64;
    public const int QuoteLength = 4000;
    public const int SelectorContextLength = 256;
    public const int ReasonLength = 1000;
    public const int ExplanationLength = 8000;
    public const int MaxEvidenceUrls = 20;
    public const int MaxTags = 20;

    /// <summary>
    /// A rubric dimension's bounds lie in [-1e6, 1e6]. Ratings lie within their dimension's bounds, so a rating's
    /// square is at most 1e12 and a rollup's sum of squares over any count of ratings a database can hold stays
    /// far below double's range (about 1.8e308): no rollup can overflow to infinity, which SQL Server refuses.
    /// </summary>
    public const double RubricBound = 1e6;

    /// <summary>Article bodies are plain text of at most 2 MiB, counted in UTF-8 bytes.</summary>
    public const int ArticleBodyBytes = 2 * 1024 * 1024;

    /// <summary>Default limit on a request body.</summary>
    public const long RequestBodyBytes = 1024 * 1024;

    /// <summary>Limit on the body of a request that carries an article's text: the text plus its JSON envelope.</summary>
    public const long ArticleRequestBodyBytes = ArticleBodyBytes + 256 * 1024;

    /// <summary>Records in one batch of the annotation import.</summary>
    public const int MaxImportBatch = 1000;

    /// <summary>Limit on the body of an import batch: a full batch of records averaging 8 KiB.</summary>
    public const long ImportRequestBodyBytes = 8 * 1024 * 1024;
}

/// <summary>
/// The calendar the API works in: every date and instant it accepts (windows, asOf, since, publication and
/// expiry instants) lies in [1000-01-01, 9000-12-31] UTC. Far enough either way for any news archive, and far
/// enough from DateOnly's own ends (0001, 9999) that a window can be widened to whole buckets and a default
/// window of a year can be taken from either end without leaving the calendar .NET can represent.
/// </summary>
public static class SupportedDates
{
    public static readonly DateOnly Earliest = new(1000, 1, 1);

    public static readonly DateOnly Latest = new(9000, 12, 31);

    /// <summary>The range in words, for error messages and documentation: "between {Range}".</summary>
    public const string Range = "1000-01-01 and 9000-12-31 (UTC)";

    public static bool Contains(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>An instant (taken as UTC) whose day is in range.</summary>
    public static bool Contains(DateTime instant) => Contains(DateOnly.FromDateTime(instant));
}
