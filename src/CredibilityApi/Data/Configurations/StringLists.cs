using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CredibilityApi.Data.Configurations;

/// <summary>
/// How change tracking compares and copies a list of strings stored as a primitive collection (an annotation's tags and
/// evidence URLs, an article's authors, a campaign's lists): element by element, ordinally, as EF Core's own comparer
/// does, but through plain static methods.
/// <para>
/// Why (issue 13): EF Core's <c>ListOfReferenceTypesComparer</c> passes the element comparer to its helpers as a nested
/// lambda, so every comparison, snapshot and hash built a new delegate (<c>DynamicMethod.CreateDelegate</c>). In a write
/// run that was about 3% of the CPU samples, under the rollup queue's change detection, the snapshots of tracked
/// ratings and <c>AcceptAllChanges</c> (docs/benchmarks/finalizers-2026-12-06.md).
/// </para>
/// </summary>
internal static class StringLists
{
    public static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => Same(a, b),
        list => Hash(list),
        list => Copy(list));

    private static bool Same(List<string>? a, List<string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static int Hash(List<string>? list)
    {
        if (list is null)
        {
            return 0;
        }

        var hash = new HashCode();
        foreach (var item in list)
        {
            hash.Add(item, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private static List<string> Copy(List<string>? list) => list is null ? null! : [.. list];
}
