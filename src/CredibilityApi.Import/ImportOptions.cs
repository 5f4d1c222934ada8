using System.Globalization;

namespace CredibilityApi.Import;

/// <summary>The command line of the importer.</summary>
public sealed record ImportOptions
{
    public const int MaxBatchSize = 1000;

    /// <summary>Bytes of records per batch: under the endpoint's 8 MiB body limit with room for the envelope.</summary>
    public const long DefaultMaxBatchBytes = 7L * 1024 * 1024;

    public Uri Url { get; init; } = new("http://localhost:5080");
    public string Key { get; init; } = "";

    /// <summary>A file of NDJSON records, or "-" for standard input.</summary>
    public string Input { get; init; } = "-";

    public int BatchSize { get; init; } = 500;
    public long MaxBatchBytes { get; init; } = DefaultMaxBatchBytes;

    /// <summary>Input lines to pass over before reading records: the resume point a failed run printed.</summary>
    public long SkipLines { get; init; }

    /// <summary>Keep each record's createdAt and updatedAt (a migration from another instance); see the API's keepTimestamps.</summary>
    public bool KeepTimestamps { get; init; }

    public const string Usage = """
        Loads annotations from NDJSON (one record per line, the shape of GET /api/v1/exports/annotations)
        into CredibilityApi through POST /api/v1/imports/annotations, in all-or-nothing batches.

        usage: credibility-import --url URL --key ADMIN_KEY [--batch-size N] [--skip-lines N] [--keep-timestamps] FILE|-

          --url URL          the API's base address (default http://localhost:5080)
          --key KEY          an admin's API key (or the CREDIBILITY_API_KEY environment variable)
          --batch-size N     records per batch, 1 to 1000 (default 500); a batch is also cut at 7 MiB
          --skip-lines N     pass over the first N input lines (resume after a failed run)
          --keep-timestamps  keep each record's createdAt and updatedAt instead of the import's (for a
                             migration: asOf then reproduces figures as they stood; incremental exports
                             by 'since' do not see such records)
          FILE               the NDJSON file; '-' reads standard input

        Progress goes to standard error: one updating line on a terminal, plain lines otherwise.

        exit codes:
          0  every record imported
          1  the server rejected a batch (422, 400, 409, 413): nothing of it was written; its
             failing records are listed by line, with the --skip-lines value to resume from
          2  usage error
          3  an input line is not a valid record (nothing of its batch was sent)
          4  the server could not be reached, refused the key (401, 403) or failed (5xx) after retries
          130 stopped by Ctrl+C after a whole batch; the --skip-lines value to resume is printed
        """;

    /// <summary>Parses the arguments; an error message instead when they are wrong.</summary>
    public static (ImportOptions? Options, string? Error) Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var options = new ImportOptions { Key = environment("CREDIBILITY_API_KEY") ?? "" };
        string? input = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");
            try
            {
                switch (arg)
                {
                    case "--url":
                        options = options with { Url = new Uri(Value(), UriKind.Absolute) };
                        break;
                    case "--key":
                        options = options with { Key = Value() };
                        break;
                    case "--batch-size":
                        options = options with { BatchSize = int.Parse(Value(), CultureInfo.InvariantCulture) };
                        break;
                    case "--skip-lines":
                        options = options with { SkipLines = long.Parse(Value(), CultureInfo.InvariantCulture) };
                        break;
                    case "--keep-timestamps":
                        options = options with { KeepTimestamps = true };
                        break;
                    case "-h" or "--help":
                        return (null, null);
                    case "-":
                        input = arg;
                        break;
                    default:
                        if (arg.StartsWith('-'))
                        {
                            return (null, $"Unknown option {arg}.");
                        }

                        if (input is not null)
                        {
                            return (null, "Give one input file.");
                        }

                        input = arg;
                        break;
                }
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
            catch (OverflowException e)
            {
                return (null, e.Message);
            }
        }

        if (input is null)
        {
            return (null, "Give an input file, or '-' for standard input.");
        }

        if (string.IsNullOrWhiteSpace(options.Key))
        {
            return (null, "Give an admin key with --key or CREDIBILITY_API_KEY.");
        }

        if (options.BatchSize is < 1 or > MaxBatchSize)
        {
            return (null, $"--batch-size is 1 to {MaxBatchSize}.");
        }

        if (options.SkipLines < 0)
        {
            return (null, "--skip-lines is 0 or more.");
        }

        return (options with { Input = input }, null);
    }
}
