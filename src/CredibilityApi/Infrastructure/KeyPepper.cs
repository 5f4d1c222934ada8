using System.Security.Cryptography;
using CredibilityApi.Data;
using CredibilityApi.Domain;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Infrastructure;

/// <summary>
/// Where the API-key pepper comes from, in this order:
/// <list type="number">
/// <item><c>Auth:KeyPepper</c> (at least 32 characters): set it from a secret store on any real deployment, and to
/// the same value on every node.</item>
/// <item>With a SQLite file and no setting: a random pepper kept in a file beside the database
/// (<c>credibility.db.key-pepper</c>), created on first start, so <c>dotnet run</c> needs no set-up. Nodes sharing
/// the file share the pepper. It is kept out of the database, so a copy of the database alone cannot check a
/// guessed key; back it up with the database, since keys cannot be checked without it.</item>
/// <item>An in-memory SQLite database: a random pepper for the life of the process, which is the life of its keys.</item>
/// </list>
/// SQL Server has no file beside it, so there the setting is required and the API refuses to start without it.
/// </summary>
public static class KeyPepper
{
    public const string Setting = "Auth:KeyPepper";

    public static KeyHasher CreateHasher(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[Setting];
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < KeyHasher.MinimumSecretLength)
            {
                throw new InvalidOperationException($"{Setting} must have at least {KeyHasher.MinimumSecretLength} characters.");
            }

            return new KeyHasher(configured);
        }

        if (configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite) == DatabaseProvider.SqlServer)
        {
            throw new InvalidOperationException(
                $"{Setting} is required with SQL Server: set it to a random secret of at least {KeyHasher.MinimumSecretLength} characters, " +
                "the same on every node (for example: openssl rand -base64 48). API keys are stored as HMAC-SHA-256 under it.");
        }

        var csb = new SqliteConnectionStringBuilder(configuration.GetConnectionString(DataExtensions.ConnectionStringName) ?? DataExtensions.DefaultSqlite);
        if (csb.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:")
        {
            return new KeyHasher(NewPepper());
        }

        var database = Path.IsPathRooted(csb.DataSource) ? csb.DataSource : Path.Combine(contentRoot, csb.DataSource);
        return new KeyHasher(ReadOrCreate(Path.GetFullPath(database) + ".key-pepper"));
    }

    /// <summary>Reads the pepper file, or creates it; a node that loses the race to create it reads the winner's.</summary>
    internal static string ReadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var existing = File.ReadAllText(path).Trim();
                if (existing.Length >= KeyHasher.MinimumSecretLength)
                {
                    return existing;
                }

                // A racing node has created the file and not yet written it.
                if (attempt < 50)
                {
                    Thread.Sleep(20);
                    continue;
                }

                throw new InvalidOperationException($"The key pepper file {path} holds fewer than {KeyHasher.MinimumSecretLength} characters. Restore it from a backup, or set {Setting}.");
            }

            try
            {
                var pepper = NewPepper();
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var writer = new StreamWriter(path, options))
                {
                    writer.Write(pepper);
                }

                return pepper;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another node created it first: read theirs.
            }
        }
    }

    private static string NewPepper() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
}
