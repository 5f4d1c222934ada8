using CredibilityApi.Import;

namespace CredibilityApi.Tests.Import;

public sealed class ProgressTests
{
    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;

        public void Advance(TimeSpan by) => Ticks += by.Ticks;
    }

    [Fact]
    public void On_a_terminal_one_line_is_rewritten_with_rate_share_of_input_and_eta()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new Progress(output, interactive: true, totalBytes: 1000, clock);

        clock.Advance(TimeSpan.FromSeconds(10));
        progress.BatchDone(500, bytesRead: 250);
        clock.Advance(TimeSpan.FromSeconds(10));
        progress.BatchDone(500, bytesRead: 500);
        progress.Finish(bytesRead: 500);

        var text = output.ToString();
        text.ShouldStartWith("\r500 records in 1 batches, 50 records/s, 0:10 elapsed, 25 % of input, ETA 0:30");
        text.ShouldContain("\r1,000 records in 2 batches, 50 records/s, 0:20 elapsed, 50 % of input, ETA 0:20");
        text.Count(c => c == '\n').ShouldBe(1);
        text.ShouldEndWith(Environment.NewLine);
    }

    [Fact]
    public void Redirected_it_writes_a_plain_line_at_most_every_five_seconds_and_one_at_the_end()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var progress = new Progress(output, interactive: false, totalBytes: null, clock);

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            progress.BatchDone(100, bytesRead: 0);
        }

        progress.Finish(bytesRead: 0);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldBe(
        [
            "100 records in 1 batches, 100 records/s, 0:01 elapsed",
            "600 records in 6 batches, 100 records/s, 0:06 elapsed",
            "1,000 records in 10 batches, 100 records/s, 0:10 elapsed",
        ]);
        output.ToString().ShouldNotContain("\r");
    }
}
