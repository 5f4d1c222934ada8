using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Field errors speak the client's language: field paths in camelCase as they appear in the JSON
/// (<c>provenance.verdict</c>, <c>values[0].value</c>) and short, stable codes instead of the
/// validator library's class names.
/// </summary>
public static class ValidationConventions
{
    public static void Apply()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => Path(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => Path(member, expression);
        ValidatorOptions.Global.ErrorCodeResolver = Code;
    }

    /// <summary>
    /// The paths of rule expressions already worked out: the validator library asks for a rule's name every time the
    /// rule runs, and a batch import runs the same rules on a thousand records.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LambdaExpression, Resolved> Chains = [];

    private sealed record Resolved(string? Path);

    private static string? Path(MemberInfo? member, LambdaExpression? expression)
    {
        var chain = expression is null ? null : Chains.GetValue(expression, e => new Resolved(PropertyChain.FromExpression(e) is { Count: > 0 } c ? Camel(c.ToString()) : null)).Path;
        return chain ?? (member is null ? null : Camel(member.Name));
    }

    private static string Camel(string path) => string.Join('.', path.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    private static string Code(IPropertyValidator validator) => validator switch
    {
        INotNullValidator or INotEmptyValidator => "required",
        INullValidator => "not-allowed",
        ILengthValidator => "length",
        IBetweenValidator or IComparisonValidator => "out-of-range",
        IRegularExpressionValidator => "format",
        IEmailValidator => "email",
        _ when validator.Name.StartsWith("Enum", StringComparison.Ordinal) => "unknown-value",
        _ => "invalid",
    };
}
