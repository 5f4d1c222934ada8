using System.Globalization;

namespace CredibilityApi.Benchmarks;

/// <summary>Command-line options: <c>--name value</c> pairs and a few flags.</summary>
internal sealed record Options
{
    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), "credibility-bench", "scores-bench.db");

    public string MarkdownPath { get; init; } = Path.Combine(Path.GetTempPath(), "credibility-bench", "scores-bench.md");

    public int Seed { get; init; } = 20261125;

    public int Outlets { get; init; } = 200;

    public int Articles { get; init; } = 20_000;

    public int Annotators { get; init; } = 30;

    public int Ratings { get; init; } = 1_000_000;

    /// <summary>First day of the generated data and of the measured window.</summary>
    public DateOnly From { get; init; } = new(2019, 1, 1);

    /// <summary>Day after the generated data and the measured window (exclusive): 2019-01-01..2023-12-31 is five years.</summary>
    public DateOnly To { get; init; } = new(2024, 1, 1);

    /// <summary>Outlets measured, drawn at random (fixed seed) from the generated ones.</summary>
    public int MeasuredOutlets { get; init; } = 20;

    /// <summary>Timed endpoint-path runs per measured outlet.</summary>
    public int EndpointRuns { get; init; } = 5;

    /// <summary>Timed naive runs per measured outlet.</summary>
    public int NaiveRuns { get; init; } = 1;

    /// <summary>Untimed runs of each path before timing.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Repeated runs for one outlet after the first (cold) one.</summary>
    public int SingleOutletRuns { get; init; } = 50;

    /// <summary>Timed RollupMaintenance.RefreshAsync runs on one (article, dimension), the rollup work a rating write adds.</summary>
    public int WriteRuns { get; init; } = 30;

    /// <summary>(article, dimension) pairs re-derived with RollupMaintenance.RefreshAsync to check the bulk-built rollups.</summary>
    public int VerifyPairs { get; init; } = 300;

    /// <summary>Timed runs per measured outlet of the all-dimension series under each methodology (v1 vs v2).</summary>
    public int MethodologyRuns { get; init; } = 3;

    /// <summary>Timed runs of each ranking (5-year and 1-year window) under each methodology.</summary>
    public int RankingRuns { get; init; } = 15;

    /// <summary>Refit methodology v2 even when the stored fits are current.</summary>
    public bool Refit { get; init; }

    /// <summary>Report v2 against the "v2 within 2x of v1" target without failing the run when it is missed.</summary>
    public bool ReportOnly { get; init; }

    /// <summary>Write every v2 figure measured (series and rankings) as JSON lines to this file, to compare two builds.</summary>
    public string? DumpPath { get; init; }

    /// <summary>Keep an existing database file made with the same options instead of generating a new one.</summary>
    public bool Reuse { get; init; }

    /// <summary>Generate (or reuse) and check the data set, then stop: no measurements (tests/load-benchmark.sh uses this).</summary>
    public bool GenerateOnly { get; init; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            DateOnly NextDate() => DateOnly.ParseExact(Next(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            o = name switch
            {
                "--db" => o with { DatabasePath = Path.GetFullPath(Next()) },
                "--out" => o with { MarkdownPath = Path.GetFullPath(Next()) },
                "--seed" => o with { Seed = NextInt() },
                "--outlets" => o with { Outlets = NextInt() },
                "--articles" => o with { Articles = NextInt() },
                "--annotators" => o with { Annotators = NextInt() },
                "--ratings" => o with { Ratings = NextInt() },
                "--from" => o with { From = NextDate() },
                "--to" => o with { To = NextDate() },
                "--measured-outlets" => o with { MeasuredOutlets = NextInt() },
                "--endpoint-runs" => o with { EndpointRuns = NextInt() },
                "--naive-runs" => o with { NaiveRuns = NextInt() },
                "--warmup" => o with { Warmup = NextInt() },
                "--single-runs" => o with { SingleOutletRuns = NextInt() },
                "--verify-pairs" => o with { VerifyPairs = NextInt() },
                "--write-runs" => o with { WriteRuns = NextInt() },
                "--methodology-runs" => o with { MethodologyRuns = NextInt() },
                "--ranking-runs" => o with { RankingRuns = NextInt() },
                "--refit" => o with { Refit = true },
                "--report-only" => o with { ReportOnly = true },
                "--dump" => o with { DumpPath = Path.GetFullPath(Next()) },
                "--reuse" => o with { Reuse = true },
                "--generate-only" => o with { GenerateOnly = true },
                "-h" or "--help" => throw new HelpRequested(),
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (o.Ratings % DataSet.Dimensions.Length != 0)
        {
            throw new ArgumentException($"--ratings must be a multiple of {DataSet.Dimensions.Length} (each annotator rates every dimension of an article).");
        }

        var pairs = o.Ratings / DataSet.Dimensions.Length;
        if (pairs < o.Articles || pairs > (long)o.Articles * o.Annotators)
        {
            throw new ArgumentException("--ratings / 5 must lie between --articles and --articles x --annotators.");
        }

        if (o.To <= o.From || o.MeasuredOutlets < 1 || o.MeasuredOutlets > o.Outlets || o.EndpointRuns < 1 || o.NaiveRuns < 1 || o.WriteRuns < 1 || o.SingleOutletRuns < 1 || o.MethodologyRuns < 1 || o.RankingRuns < 1)
        {
            throw new ArgumentException("Inconsistent options.");
        }

        return o;
    }

    public const string Usage = """
        CredibilityApi score-series benchmark: the endpoint's query path (rollups) against a naive recomputation from raw ratings.

          dotnet run -c Release --project tests/CredibilityApi.Benchmarks -- [options]

          --db PATH               SQLite file to (re)create            (default /tmp/credibility-bench/scores-bench.db)
          --out PATH              markdown report                      (default /tmp/credibility-bench/scores-bench.md)
          --seed N                generator seed                       (default 20261125)
          --outlets N             outlets                              (default 200)
          --articles N            articles                             (default 20000)
          --annotators N          annotator accounts                   (default 30)
          --ratings N             rating rows, a multiple of 5         (default 1000000)
          --from / --to DATE      data and measured window [from, to)  (default 2019-01-01 / 2024-01-01)
          --measured-outlets N    outlets timed side by side           (default 20)
          --endpoint-runs N       endpoint-path runs per outlet        (default 5)
          --naive-runs N          naive runs per outlet                (default 1)
          --warmup N              untimed runs of each path first      (default 3)
          --single-runs N         warm runs of the single-outlet series (default 50)
          --verify-pairs N        rollup pairs re-derived by RollupMaintenance (default 300)
          --write-runs N          timed RollupMaintenance.RefreshAsync runs (default 30)
          --methodology-runs N    all-dimension series runs per outlet under v1 and v2 (default 3)
          --ranking-runs N        runs of each ranking under v1 and v2  (default 15)
          --refit                 refit methodology v2 even when its stored fits are current
          --report-only           report v2 vs the "within 2x of v1" target, do not fail on it
          --dump PATH             write every v2 figure measured as JSON lines (to compare two builds)
          --reuse                 keep an existing database built with the same options
          --generate-only         generate (or reuse) and check the data set, measure nothing
        """;
}

internal sealed class HelpRequested : Exception;
