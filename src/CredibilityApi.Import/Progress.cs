using System.Diagnostics;
using System.Globalization;

namespace CredibilityApi.Import;

/// <summary>
/// Progress on standard error: on a terminal one line rewritten in place (at most a few times a
/// second); when redirected, a plain line every <see cref="PlainInterval"/> and at the end, so logs stay readable.
/// </summary>
public sealed class Progress(TextWriter output, bool interactive, long? totalBytes, TimeProvider clock)
{
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly long _started = clock.GetTimestamp();
    private TimeSpan? _lastDrawn;
    private long _drawnRecords = -1;
    private int _width;

    public long Records { get; private set; }
    public int Batches { get; private set; }

    /// <summary>Counts a batch the server accepted and redraws when it is time.</summary>
    public void BatchDone(int records, long bytesRead)
    {
        Records += records;
        Batches++;
        var elapsed = clock.GetElapsedTime(_started);
        if (_lastDrawn is not { } last || elapsed - last >= (interactive ? RedrawInterval : PlainInterval))
        {
            Draw(bytesRead, elapsed, final: false);
        }
    }

    /// <summary>The last state, on a line of its own.</summary>
    public void Finish(long bytesRead)
    {
        // A plain line already written for the last batch is not repeated.
        if (interactive || _drawnRecords != Records)
        {
            Draw(bytesRead, clock.GetElapsedTime(_started), final: true);
        }
    }

    /// <summary>Ends the updating line so other output starts on a fresh one.</summary>
    public void Break()
    {
        if (interactive && _width > 0)
        {
            output.WriteLine();
            _width = 0;
        }
    }

    public string Describe(long bytesRead, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var rate = Records / seconds;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Records:N0} records in {Batches:N0} batches, {rate:N0} records/s, {Format(elapsed)} elapsed");
        if (totalBytes is > 0 and var total)
        {
            var fraction = Math.Min(1, (double)bytesRead / total);
            text += string.Create(CultureInfo.InvariantCulture, $", {fraction:P0} of input");
            if (fraction is > 0 and < 1)
            {
                text += ", ETA " + Format(TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction));
            }
        }

        return text;
    }

    private void Draw(long bytesRead, TimeSpan elapsed, bool final)
    {
        _lastDrawn = elapsed;
        _drawnRecords = Records;
        var text = Describe(bytesRead, elapsed);
        if (!interactive)
        {
            output.WriteLine(text);
            return;
        }

        // Pad over the previous, possibly longer, line.
        output.Write("\r" + text.PadRight(_width));
        _width = text.Length;
        if (final)
        {
            Break();
        }

        output.Flush();
    }

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
