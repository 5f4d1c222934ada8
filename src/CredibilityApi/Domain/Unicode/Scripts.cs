using System.Globalization;

namespace CredibilityApi.Domain.Unicode;

/// <summary>
/// The Unicode Script property (UAX #24) of code points, and the mixed-script test of UTS #39 (section 5.1) for
/// domain labels. Common and Inherited characters (digits, the hyphen, combining marks) belong to every script and
/// are left out. As in UTS #39's augmented script sets, Han may be mixed with Hiragana and Katakana (Japanese), with
/// Hangul (Korean) or with Bopomofo: such a label is one writing system. The data (Unicode 14.0) is embedded
/// (see <c>scripts.txt</c>).
/// </summary>
public static class Scripts
{
    private const string ResourceName = "CredibilityApi.Domain.Unicode.scripts.txt";

    private static readonly (int First, int Last, string Script)[] Ranges = Load();

    private static readonly HashSet<string>[] WritingSystems =
    [
        ["Han", "Hiragana", "Katakana"],
        ["Han", "Hangul"],
        ["Han", "Bopomofo"],
    ];

    /// <summary>The script of a code point; null for Common, Inherited and unassigned ones.</summary>
    public static string? Of(int codePoint)
    {
        int low = 0, high = Ranges.Length - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var (first, last, script) = Ranges[mid];
            if (codePoint < first)
            {
                high = mid - 1;
            }
            else if (codePoint > last)
            {
                low = mid + 1;
            }
            else
            {
                return script;
            }
        }

        return null;
    }

    /// <summary>The scripts of the characters of <paramref name="text"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> In(string text)
    {
        var scripts = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Of(rune.Value) is { } script && !scripts.Contains(script))
            {
                scripts.Add(script);
            }
        }

        return scripts;
    }

    /// <summary>True when the text mixes scripts that do not make one writing system (Latin with Cyrillic, say).</summary>
    public static bool IsMixed(string text)
    {
        var scripts = In(text);
        return scripts.Count > 1 && !WritingSystems.Any(system => scripts.All(system.Contains));
    }

    private static (int, int, string)[] Load()
    {
        using var stream = typeof(Scripts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var ranges = new List<(int, int, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(';');
            ranges.Add((
                int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                int.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                string.Intern(fields[2])));
        }

        return [.. ranges.OrderBy(r => r.Item1)];
    }
}
