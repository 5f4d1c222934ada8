using CredibilityApi.Domain;
using FluentValidation;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Every date and instant parameter is checked against <see cref="SupportedDates"/>, so that a year such as 9999
/// is a 400 that states the range, never an overflow further in (a window widened to whole buckets, a default
/// window of a year before 0001).
/// </summary>
public static class DateRules
{
    private static readonly string Message =
        $"'{{PropertyName}}' must be between {SupportedDates.Range}, the range of dates this API supports.";

    public static IRuleBuilderOptions<T, DateOnly?> WithinSupportedDates<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || SupportedDates.Contains(d.Value)).WithMessage(Message).WithErrorCode("out-of-range");

    public static IRuleBuilderOptions<T, DateTime?> WithinSupportedDates<T>(this IRuleBuilder<T, DateTime?> rule) =>
        rule.Must(t => t is null || SupportedDates.Contains(Instants.AsUtc(t.Value))).WithMessage(Message).WithErrorCode("out-of-range");
}
