using System.Reflection;
using CredibilityApi.Data;
using NetArchTest.Rules;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// Which part of the app may use which. A namespace takes in its sub-namespaces (Data covers Data.Configurations
/// and Data.Migrations), and so does a forbidden dependency (Features covers Features.Demo). A failure names each
/// type that breaks the rule and what it reaches for.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly App = typeof(CredibilityDbContext).Assembly;

    private const string EfCore = "Microsoft.EntityFrameworkCore";
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string FastEndpoints = "FastEndpoints";
    private const string Features = "CredibilityApi.Features";
    private const string Data = "CredibilityApi.Data";
    private const string Aggregation = "CredibilityApi.Aggregation";
    private const string Infrastructure = "CredibilityApi.Infrastructure";

    [Fact]
    public void Scoring_knows_nothing_of_the_database_the_web_or_the_rest_of_the_app() =>
        ShouldNotDependOn("CredibilityApi.Scoring", EfCore, AspNetCore, FastEndpoints, Features, Data, Aggregation, Infrastructure);

    [Fact]
    public void Domain_knows_nothing_of_ef_core_the_features_or_the_data_layer() =>
        ShouldNotDependOn("CredibilityApi.Domain", EfCore, Features, Data);

    [Fact]
    public void Data_does_not_depend_on_the_features() =>
        ShouldNotDependOn(Data, Features);

    // The read side returns Aggregation and Scoring types; each endpoint maps them to its own response. (Aggregation as a
    // whole cannot hold this rule yet: ScoreInputLoader reads revision snapshots through Features.Annotations.Snapshots.)
    [Fact]
    public void The_read_side_of_aggregation_knows_nothing_of_the_web_or_the_features() =>
        ShouldNotDependOn(Aggregation + ".Read", AspNetCore, FastEndpoints, Features);

    private static void ShouldNotDependOn(string layer, params string[] forbidden)
    {
        // A renamed namespace would otherwise pass every rule by matching nothing.
        Types.InAssembly(App).That().ResideInNamespace(layer).GetTypes()
            .ShouldNotBeEmpty($"no type resides in {layer}; was it renamed?");

        var result = Types.InAssembly(App).That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        if (result.IsSuccessful)
        {
            return;
        }

        // Which forbidden namespace each failing type reaches for, so the message explains itself.
        var reaches = forbidden
            .SelectMany(f => Types.InAssembly(App).That().ResideInNamespace(layer).And().HaveDependencyOn(f)
                .GetTypes().Select(t => (Type: t.FullName ?? t.Name, Forbidden: f)))
            .ToLookup(x => x.Type, x => x.Forbidden);
        var lines = (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal)
            .Select(name => reaches[name.Replace('/', '+')].Any()
                ? $"  {name} -> {string.Join(", ", reaches[name.Replace('/', '+')])}"
                : $"  {name}");
        Assert.Fail($"{layer} must not depend on {string.Join(", ", forbidden)}; these types do:{Environment.NewLine}"
            + string.Join(Environment.NewLine, lines));
    }
}
