namespace CredibilityApi.Domain;

/// <summary>
/// Opaque, stable identifiers: a short type prefix and a version-7 GUID in hex. They sort by creation
/// time as plain strings on every provider, which keyset paging relies on.
/// </summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
