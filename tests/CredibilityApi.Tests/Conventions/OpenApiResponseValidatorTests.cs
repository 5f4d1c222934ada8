using System.Text.Json.Nodes;

namespace CredibilityApi.Tests.Conventions;

/// <summary>
/// The strict validator that checks every real response of the authorization matrix against the document
/// (see <see cref="AuthorizationMatrixTests"/>) does refuse what strict OAS 3.0.3 readers refuse: these
/// feed it the committed document (the one the API serves) and a deliberately wrong one.
/// </summary>
public sealed class OpenApiResponseValidatorTests
{
    private static JsonNode Document() => JsonNode.Parse(File.ReadAllText(
        Path.Combine(HealthAndDocumentTests.RepoRoot(), "src", "CredibilityApi.Client", "openapi.json")))!;

    private static List<string> Check(JsonNode document, string schemaName, string json)
    {
        var errors = new List<string>();
        new OpenApiResponseValidator(document).ValidateValue(
            JsonNode.Parse(json), JsonNode.Parse($$"""{"$ref": "#/components/schemas/{{schemaName}}"}""")!, "$", errors);
        return errors;
    }

    private static string FramingNoteSpan(string span) =>
        $$"""{"technique": "loaded-language", "severity": 2, "span": {{span}}}""";

    [Fact]
    public void A_null_where_the_document_declares_a_nullable_reference_is_accepted()
    {
        var document = Document();
        var errors = Check(document, "FramingNote", FramingNoteSpan("null"));
        errors.Where(e => e.Contains("span", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void The_old_nswag_form_nullable_beside_oneOf_without_type_refuses_null()
    {
        var document = Document();
        var span = document["components"]!["schemas"]!["FramingNote"]!["properties"]!["span"]!;
        var reference = span["oneOf"]![0]!.DeepClone();
        document["components"]!["schemas"]!["FramingNote"]!["properties"]!["span"] =
            new JsonObject { ["nullable"] = true, ["oneOf"] = new JsonArray(reference) };

        Check(document, "FramingNote", FramingNoteSpan("null"))
            .ShouldContain(e => e.StartsWith("$.span", StringComparison.Ordinal), "strict 3.0.3: nullable without type does not allow null");
    }

    [Fact]
    public void Null_for_a_property_not_declared_nullable_is_refused()
    {
        Check(Document(), "ArticleSummary", """{"id": null}""")
            .ShouldContain(e => e.Contains("$.id: null", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_required_properties_undeclared_properties_and_unknown_enum_values_are_refused()
    {
        var document = Document();
        Check(document, "ArticleSummary", """{"body": "x"}""").ShouldSatisfyAllConditions(
            errors => errors.ShouldContain(e => e.Contains("required property 'id'", StringComparison.Ordinal)),
            errors => errors.ShouldContain(e => e.Contains("'body' is not declared", StringComparison.Ordinal)));
        Check(document, "Verdict", "\"maybe\"").ShouldContain(e => e.Contains("not one of the enum values", StringComparison.Ordinal));
        Check(document, "Verdict", "3").ShouldContain(e => e.Contains("expected string", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deliberately_wrong_schema_makes_a_real_shaped_body_fail()
    {
        var document = Document();
        var body = """{"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "No.", "instance": "/x", "traceId": "t"}""";
        Check(document, "Problem", body).ShouldBeEmpty();

        document["components"]!["schemas"]!["Problem"]!["properties"]!["status"] = new JsonObject { ["type"] = "string" };
        Check(document, "Problem", body).ShouldContain(e => e.Contains("$.status: expected string", StringComparison.Ordinal));
    }
}
