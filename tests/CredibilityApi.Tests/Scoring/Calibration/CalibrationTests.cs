using Xunit.Abstractions;

namespace CredibilityApi.Tests.Scoring.Calibration;

/// <summary>
/// Methodology v2's intervals checked against known truth, world by world, through the real scoring code.
/// Short form (every build): at least 2,000 outlet-units per world. Long form: <c>CALIBRATION_LONG=1</c>
/// (10,000 per world). <c>CALIBRATION_REPORT=path</c> writes the v1/v2 table the README quotes.
/// Seeds are fixed, so a run is reproducible.
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    private const int Seed = 20261205;

    private static int MinimumUnits => Environment.GetEnvironmentVariable("CALIBRATION_LONG") is "1" or "true" ? 10_000 : 2_000;

    public static TheoryData<string> Worlds => new(WorldSpec.All.Select(w => w.Name));

    [Theory]
    [MemberData(nameof(Worlds))]
    public void V2_intervals_cover_the_truth_95_percent_of_the_time(string name)
    {
        var world = WorldSpec.All.Single(w => w.Name == name);
        var report = Simulation.Measure(world, MinimumUnits, Seed);
        output.WriteLine(WorldReport.Table([report]));

        report.Units.ShouldBeGreaterThanOrEqualTo(MinimumUnits);
        report.V2Missing.ShouldBe(0, "every simulated outlet-unit has data enough for an interval");
        report.V2Coverage.ShouldBeInRange(0.93, 0.97, $"v2 coverage in '{name}'");
        report.V2Rmse.ShouldBeLessThanOrEqualTo(report.RawRmse, $"shrunk RMSE against raw RMSE in '{name}'");
        if (world.Dense)
        {
            report.V2Spearman.ShouldBeGreaterThanOrEqualTo(0.9, $"Spearman with the truth in '{name}'");
        }
    }

    [Fact]
    public void The_table_of_v1_against_v2_is_written_when_asked()
    {
        var path = Environment.GetEnvironmentVariable("CALIBRATION_REPORT");
        var reports = WorldSpec.All.Select(w => Simulation.Measure(w, MinimumUnits, Seed)).ToList();
        var table = WorldReport.Table(reports);
        output.WriteLine(table);
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllText(path, table + "\n");
        }

        // v1's failure the outside check found must show here too, or the harness is not measuring it.
        reports.Single(r => r.World.Name == "sparse monthly").V1Coverage.ShouldBeLessThan(0.8);
    }
}
