using System.Text;
using CredibilityApi.Import;

// Reads NDJSON annotations and loads them in all-or-nothing batches; see ImportOptions.Usage.
var (options, error) = ImportOptions.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    Console.Error.WriteLine(error ?? ImportOptions.Usage);
    if (error is not null)
    {
        Console.Error.WriteLine("Run with --help for usage.");
    }

    return error is null ? ExitCodes.Done : ExitCodes.Usage;
}

// The first Ctrl+C stops after the batch in flight; a second one ends the process.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

using var reader = options.Input == "-"
    ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8)
    : new StreamReader(options.Input, Encoding.UTF8);
long? total = options.Input == "-" ? null : new FileInfo(options.Input).Length;

var client = ImportClient.Create(options.Url, options.Key);
var progress = new Progress(Console.Error, interactive: !Console.IsErrorRedirected, total, TimeProvider.System);
var importer = new Importer(client, progress, Console.Error) { StopAfterBatch = stop.Token, KeepTimestamps = options.KeepTimestamps };
var batches = new NdjsonBatches(reader, options.BatchSize, options.MaxBatchBytes, options.SkipLines);
var result = await importer.RunAsync(batches, options.SkipLines);
return result.ExitCode;
