using System.Globalization;
using CredibilityApi.Data;
using CredibilityApi.Import;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Import;

/// <summary>The importer's core against the test server, through the client it builds for the command line.</summary>
[Collection(ApiCollection.Name)]
public sealed class ImporterTests(ApiFixture api)
{
    private static string RatingLine(string articleId, string authorId, string dimension, double value) =>
        $$$"""{"kind":"rating","target":{"type":"article","id":"{{{articleId}}}"},"authorId":"{{{authorId}}}","tags":[],"rating":{"dimension":"{{{dimension}}}","value":{{{value.ToString(CultureInfo.InvariantCulture)}}},"rubricVersion":1}}""";

    /// <summary>Seven ratings of one article (a blank line after the third), one per (author, dimension).</summary>
    private async Task<(string ArticleId, List<string> Lines)> InputAsync(int badValueAt = -1)
    {
        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var authors = new List<string> { api.AnnotatorAccount.Id, api.OtherAnnotatorAccount.Id };
        for (var i = 0; i < 2; i++)
        {
            authors.Add((await api.CreateAccountAsync($"Importer test {i}", CredibilityApi.Client.Role.Annotator)).Account.Id);
        }

        var lines = new List<string>();
        var n = 0;
        foreach (var author in authors)
        {
            foreach (var dimension in new[] { "factual_accuracy", "sourcing_transparency" })
            {
                if (n < 7)
                {
                    lines.Add(RatingLine(f.Article.Id, author, dimension, n == badValueAt ? 500 : 10 * n));
                }

                n++;
            }
        }

        lines.Insert(3, "");
        return (f.Article.Id, lines);
    }

    private (Importer Importer, StringWriter Output) Importer()
    {
        var client = ImportClient.Create(api.Factory.Server.BaseAddress, ApiFactory.AdminKey, api.Factory.Server.CreateHandler());
        var output = new StringWriter();
        return (new Importer(client, new Progress(output, interactive: false, totalBytes: null, TimeProvider.System), output), output);
    }

    private async Task<int> CountAsync(string articleId)
    {
        using var scope = api.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        return await db.Annotations.CountAsync(a => a.ArticleId == articleId);
    }

    [Fact]
    public async Task Every_record_is_sent_in_batches_of_the_size_asked_and_progress_is_plain_lines_when_redirected()
    {
        var (articleId, lines) = await InputAsync();
        var (importer, output) = Importer();

        var result = await importer.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 3, ImportOptions.DefaultMaxBatchBytes, 0), 0);

        result.ShouldBe(new ImportResult(ExitCodes.Done, 7, 3, 8));
        (await CountAsync(articleId)).ShouldBe(7);
        output.ToString().ShouldContain("7 records in 3 batches");
        output.ToString().ShouldContain("Written: 7 created, 0 updated (a new revision of a rating), 0 unchanged (already present).");
        output.ToString().ShouldNotContain("\r");
    }

    [Fact]
    public async Task A_second_run_of_the_same_file_says_that_it_wrote_nothing()
    {
        var (articleId, lines) = await InputAsync();
        await Importer().Importer.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 3, ImportOptions.DefaultMaxBatchBytes, 0), 0);
        var (again, output) = Importer();

        var result = await again.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 3, ImportOptions.DefaultMaxBatchBytes, 0), 0);

        result.ExitCode.ShouldBe(ExitCodes.Done);
        (await CountAsync(articleId)).ShouldBe(7);
        output.ToString().ShouldContain("Written: 0 created, 0 updated (a new revision of a rating), 7 unchanged (already present).");
    }

    [Fact]
    public async Task A_rejected_batch_stops_the_run_naming_the_failing_line_and_the_run_resumes_from_there()
    {
        // Record 4 (line 5, after the blank line 4) is out of range; batches of two are lines 1-2, 3-5, 6-7.
        var (articleId, lines) = await InputAsync(badValueAt: 3);
        var (importer, output) = Importer();

        var failed = await importer.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 2, ImportOptions.DefaultMaxBatchBytes, 0), 0);

        failed.ExitCode.ShouldBe(ExitCodes.BatchRejected);
        failed.Imported.ShouldBe(2);
        failed.ResumeSkipLines.ShouldBe(2);
        var report = output.ToString();
        report.ShouldContain("The batch of lines 3-5 was rejected (HTTP 422)");
        report.ShouldContain("line 5: rating.value:");
        report.ShouldContain("[value-out-of-range]");
        report.ShouldContain("resume with --skip-lines 2");
        (await CountAsync(articleId)).ShouldBe(2);

        lines[4] = lines[4].Replace("\"value\":500", "\"value\":30", StringComparison.Ordinal);
        var (resumer, _) = Importer();
        var resumed = await resumer.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 2, ImportOptions.DefaultMaxBatchBytes, failed.ResumeSkipLines), failed.ResumeSkipLines);

        resumed.ShouldBe(new ImportResult(ExitCodes.Done, 5, 3, 8));
        (await CountAsync(articleId)).ShouldBe(7);
    }

    [Fact]
    public async Task A_line_that_is_not_a_record_stops_the_run_before_its_batch_is_sent()
    {
        var (articleId, lines) = await InputAsync();
        lines[5] = lines[5].Replace("\"rating\":", "\"ratign\":", StringComparison.Ordinal);
        var (importer, output) = Importer();

        var result = await importer.RunAsync(new NdjsonBatches(new StringReader(string.Join('\n', lines)), 3, ImportOptions.DefaultMaxBatchBytes, 0), 0);

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.ResumeSkipLines.ShouldBe(3);
        output.ToString().ShouldContain("line 6: Not a valid record: 'ratign' is not a field of an import record");
        output.ToString().ShouldNotContain("CredibilityApi.Client");
        (await CountAsync(articleId)).ShouldBe(3);
    }

    [Theory]
    [InlineData("""{"kind":"framing","target":{"type":"article","id":"a"},"authorId":"b","framing":{"technique":"doubt","severity":2,"selector":{"exact":"x"}}}""",
        "'framing.selector' is not a field of an import record")]
    [InlineData("""{"kind":"rating","target":{"type":"article","id":"a"},"authorId":"b","rating":{"dimension":"slant","value":"35"}}""",
        "'rating.value' has the wrong type")]
    [InlineData("""{"kind":"rating","kind":"rating","target":{"type":"article","id":"a"},"authorId":"b"}""",
        "'kind' is given more than once")]
    [InlineData("""{"kind":"rating",""", "not valid JSON")]
    public void A_bad_line_is_told_by_its_fields_path_without_the_clients_type_names(string line, string expected)
    {
        var e = Should.Throw<InputException>(() => NdjsonBatches.Parse(4, line));

        e.Line.ShouldBe(4);
        e.Message.ShouldStartWith("Not a valid record: ");
        e.Message.ShouldContain(expected);
        e.Message.ShouldNotContain("CredibilityApi.Client");
    }

    [Fact]
    public void Batches_are_also_cut_by_bytes()
    {
        var line = RatingLine("art_x", "acc_x", "slant", 1);
        var input = string.Join('\n', Enumerable.Repeat(line, 5));
        var batches = new NdjsonBatches(new StringReader(input), 100, (line.Length + 1) * 2, 0);

        var sizes = batches.ReadAsync().ToBlockingEnumerable().Select(b => b.Records.Count).ToList();

        sizes.ShouldBe([2, 2, 1]);
    }

    [Theory]
    [InlineData(new[] { "--key", "k", "--batch-size", "0", "f.ndjson" }, "--batch-size is 1 to 1000.")]
    [InlineData(new[] { "--key", "k" }, "Give an input file, or '-' for standard input.")]
    [InlineData(new[] { "f.ndjson" }, "Give an admin key with --key or CREDIBILITY_API_KEY.")]
    [InlineData(new[] { "--key", "k", "--frobnicate", "f.ndjson" }, "Unknown option --frobnicate.")]
    public void Wrong_arguments_are_a_usage_error(string[] args, string error)
    {
        ImportOptions.Parse(args, _ => null).Error.ShouldBe(error);
    }

    [Fact]
    public void Arguments_are_read_with_the_key_from_the_environment()
    {
        var (options, error) = ImportOptions.Parse(["--url", "http://api.test:5080", "--skip-lines", "1500", "-"], name => name == "CREDIBILITY_API_KEY" ? "env-key" : null);

        error.ShouldBeNull();
        options.ShouldBe(new ImportOptions { Url = new Uri("http://api.test:5080"), Key = "env-key", Input = "-", SkipLines = 1500 });
    }

    [Fact]
    public async Task Keep_timestamps_is_passed_to_the_api_and_a_second_run_of_the_same_file_writes_nothing()
    {
        ImportOptions.Parse(["--keep-timestamps", "-"], _ => "k").Options!.KeepTimestamps.ShouldBeTrue();
        ImportOptions.Parse(["-"], _ => "k").Options!.KeepTimestamps.ShouldBeFalse();

        var f = await ArticleFixture.CreateAsync(api.Annotator);
        var created = new DateTimeOffset(2023, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var line = $$"""{"kind":"rating","target":{"type":"article","id":"{{f.Article.Id}}"},"authorId":"{{api.AnnotatorAccount.Id}}","rating":{"dimension":"slant","value":12,"rubricVersion":1},"createdAt":"{{created:O}}","updatedAt":"{{created:O}}"}""";
        var client = ImportClient.Create(api.Factory.Server.BaseAddress, ApiFactory.AdminKey, api.Factory.Server.CreateHandler());

        foreach (var run in new[] { 1, 2 })
        {
            var importer = new Importer(client, new Progress(TextWriter.Null, interactive: false, totalBytes: null, TimeProvider.System), TextWriter.Null) { KeepTimestamps = true };
            var result = await importer.RunAsync(new NdjsonBatches(new StringReader(line + "\n"), 500, ImportOptions.DefaultMaxBatchBytes, 0), 0);
            result.ExitCode.ShouldBe(ExitCodes.Done, $"run {run}");
        }

        var ratings = (await api.Researcher.ListAnnotationsAsync(articleId: f.Article.Id)).Items.Where(a => a.Kind == CredibilityApi.Client.AnnotationKind.Rating).ToList();
        ratings.ShouldHaveSingleItem().CreatedAt.ShouldBe(created);
        (await api.Researcher.ListRevisionsAsync(ratings[0].Id)).Items.Count.ShouldBe(1);
    }
}
