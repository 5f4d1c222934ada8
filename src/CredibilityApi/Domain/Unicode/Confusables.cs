using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CredibilityApi.Domain.Unicode;

/// <summary>
/// The confusable skeleton of Unicode Technical Standard #39 (section 4): two strings that look alike have the same
/// skeleton. <c>prеsstv.ir</c> with a Cyrillic е and <c>presstv.ir</c> share one; so do <c>paypa1.com</c> and
/// <c>paypal.com</c>. The data is Unicode's confusables.txt 14.0.0, embedded (see <c>confusables.txt</c>).
/// </summary>
public static class Confusables
{
    private const string ResourceName = "CredibilityApi.Domain.Unicode.confusables.txt";

    private static readonly FrozenDictionary<int, string> Prototypes = Load();

    /// <summary>The number of mappings loaded, for tests that the data is whole.</summary>
    public static int Count => Prototypes.Count;

    /// <summary>skeleton(X) = NFD(map every character of NFD(X) to its prototype).</summary>
    public static string Skeleton(string text)
    {
        var decomposed = text.IsNormalized(NormalizationForm.FormD) ? text : text.Normalize(NormalizationForm.FormD);
        var mapped = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Prototypes.TryGetValue(rune.Value, out var prototype))
            {
                mapped.Append(prototype);
            }
            else
            {
                mapped.Append(rune.ToString());
            }
        }

        return mapped.ToString().Normalize(NormalizationForm.FormD);
    }

    /// <summary>SHA-256 (lower-case hex) of the skeleton: the indexed form, since a skeleton can be longer than its text.</summary>
    public static string SkeletonKey(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Skeleton(text))));

    private static FrozenDictionary<int, string> Load()
    {
        using var stream = typeof(Confusables).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var map = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split(';');
            var source = int.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var prototype = new StringBuilder();
            foreach (var point in fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                prototype.Append(char.ConvertFromUtf32(int.Parse(point, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            map[source] = prototype.ToString();
        }

        return map.ToFrozenDictionary();
    }
}
