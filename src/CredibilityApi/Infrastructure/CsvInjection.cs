using System.Globalization;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Formula injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs a cell that begins with
/// <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (or a tab or carriage return before one) as a formula, so a
/// claim quoted as <c>=HYPERLINK(...)</c> would become a live link or command on a reader's machine.
/// Every CSV the API writes passes its cells through <see cref="Neutralise"/>, which prefixes such text
/// with <c>'</c> so the spreadsheet shows it as text.
/// </summary>
public static class CsvInjection
{
    /// <summary>
    /// The cell as written: text that begins with a formula trigger gets a leading <c>'</c>. A number
    /// (a numeric column's <c>-50</c>, <c>-1.5E-07</c>) is not a formula and is left exactly as it is.
    /// </summary>
    public static string? Neutralise(string? cell) =>
        cell is { Length: > 0 } && StartsLikeFormula(cell) && !IsNumber(cell) ? "'" + cell : cell;

    public static bool StartsLikeFormula(string cell) => cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out _);
}
