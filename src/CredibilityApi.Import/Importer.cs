using System.Net;
using System.Text.RegularExpressions;
using CredibilityApi.Client;

namespace CredibilityApi.Import;

/// <summary>How a run ended. <see cref="ResumeSkipLines"/> is the <c>--skip-lines</c> value that continues it.</summary>
public sealed record ImportResult(int ExitCode, long Imported, int Batches, long ResumeSkipLines);

/// <summary>Exit codes of the importer (also in <see cref="ImportOptions.Usage"/>).</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int BatchRejected = 1;
    public const int Usage = 2;
    public const int BadInput = 3;
    public const int Unavailable = 4;

    /// <summary>Stopped by Ctrl+C after a whole batch, as shells report an interrupted command.</summary>
    public const int Interrupted = 130;
}

/// <summary>
/// Sends the batches one after another, each with its own Idempotency-Key so a retried request (429, 503)
/// is never applied twice, and stops at the first one that fails. Every batch before it is written;
/// nothing of it is, so the run resumes by passing over the lines of the batches that were written.
/// </summary>
public sealed partial class Importer(ICredibilityApiClient client, Progress progress, TextWriter report)
{
    /// <summary>Set (by Ctrl+C) to stop after the batch in flight, so no batch is left half-known.</summary>
    public CancellationToken StopAfterBatch { get; init; }

    /// <summary>Ask the API to keep each record's createdAt and updatedAt (<c>--keep-timestamps</c>).</summary>
    public bool KeepTimestamps { get; init; }

    public async Task<ImportResult> RunAsync(NdjsonBatches input, long skipLines, CancellationToken ct = default)
    {
        var committedThrough = skipLines;
        var lastBytes = 0L;
        long created = 0, updated = 0, unchanged = 0;
        try
        {
            await foreach (var batch in input.ReadAsync(ct))
            {
                var request = new ImportAnnotationsRequest { Annotations = batch.Records.Select(r => r.Record).ToList(), KeepTimestamps = KeepTimestamps };
                var written = await client.ImportAnnotationsAsync(request, Guid.NewGuid().ToString("N"), ct);
                (created, updated, unchanged) = (created + written.Created, updated + written.Updated, unchanged + written.Unchanged);
                committedThrough = batch.LastLine;
                lastBytes = input.BytesRead;
                progress.BatchDone(batch.Records.Count, lastBytes);
                if (StopAfterBatch.IsCancellationRequested)
                {
                    progress.Finish(lastBytes);
                    Written();
                    report.WriteLine($"Stopped. Lines up to {committedThrough} are imported; resume with --skip-lines {committedThrough}.");
                    return Result(ExitCodes.Interrupted, committedThrough);
                }
            }
        }
        catch (InputException e)
        {
            progress.Break();
            Written();
            report.WriteLine($"line {e.Line}: {e.Message}");
            report.WriteLine($"Nothing of that line's batch was sent. Lines up to {committedThrough} are imported. " +
                             $"Fix line {e.Line}, then resume with --skip-lines {committedThrough}.");
            return Result(ExitCodes.BadInput, committedThrough);
        }
        catch (ApiException e) when (e.StatusCode is >= 400 and < 500 and not (401 or 403 or 429))
        {
            progress.Break();
            Written();
            ReportRejection(e, input.CurrentBatch!);
            report.WriteLine($"Lines up to {committedThrough} are imported. Fix the records above, then resume with --skip-lines {committedThrough}.");
            return Result(ExitCodes.BatchRejected, committedThrough);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            progress.Break();
            Written();
            var status = e is ApiException api ? $"HTTP {api.StatusCode} {(HttpStatusCode)api.StatusCode}: {Detail(api)}" : e.Message;
            report.WriteLine($"The API failed: {status}");
            report.WriteLine($"Lines up to {committedThrough} are imported; the batch in flight may not be. " +
                             $"Resume with --skip-lines {committedThrough} (its Idempotency-Key is not reused, so check first if it was a timeout).");
            return Result(ExitCodes.Unavailable, committedThrough);
        }

        progress.Finish(input.BytesRead);
        Written();
        return Result(ExitCodes.Done, committedThrough);

        // What the accepted batches wrote, as the server counted it: a re-run of a file already imported shows 0 created.
        void Written()
        {
            if (progress.Batches > 0)
            {
                report.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Written: {created:N0} created, {updated:N0} updated (a new revision of a rating), {unchanged:N0} unchanged (already present)."));
            }
        }

        ImportResult Result(int code, long resume) => new(code, progress.Records, progress.Batches, resume);
    }

    private void ReportRejection(ApiException e, Batch batch)
    {
        report.WriteLine($"The batch of lines {batch.FirstLine}-{batch.LastLine} was rejected (HTTP {e.StatusCode}); nothing of it was written.");
        if (e is ApiException<ValidationProblem> { Result.Errors: { Count: > 0 } errors })
        {
            foreach (var error in errors)
            {
                var match = RecordField().Match(error.Name ?? "");
                var where = match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < batch.Records.Count
                    ? $"line {batch.Records[i].Line}: {(match.Groups[2].Value.Length > 0 ? match.Groups[2].Value : "record")}"
                    : error.Name;
                report.WriteLine($"  {where}: {error.Reason}{(string.IsNullOrEmpty(error.Code) ? "" : $" [{error.Code}]")}");
            }

            return;
        }

        report.WriteLine($"  {Detail(e)}");
        if (e.StatusCode == 413)
        {
            report.WriteLine("  Send smaller batches with --batch-size.");
        }
    }

    private static string Detail(ApiException e) => e switch
    {
        ApiException<Problem> { Result: { } p } => $"{p.Title}. {p.Detail}",
        ApiException<ValidationProblem> { Result: { } p } => $"{p.Title} {string.Join(" ", p.Errors.Select(x => $"{x.Name}: {x.Reason}"))}",
        _ => e.Response is { Length: > 0 } body ? body[..Math.Min(body.Length, 500)] : e.Message,
    };

    [GeneratedRegex(@"^annotations\[(\d+)\]\.?(.*)$")]
    private static partial Regex RecordField();
}
