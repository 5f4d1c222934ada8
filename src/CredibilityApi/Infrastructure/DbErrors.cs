using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CredibilityApi.Infrastructure;

public static class DbErrors
{
    /// <summary>True when a save failed on a unique index: the database is the referee of races.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => IsUniqueViolation((Exception)exception);

    /// <summary>
    /// The same for any exception: a save's <see cref="DbUpdateException"/> or a command's own provider exception
    /// (a bulk insert runs commands around SaveChanges).
    /// </summary>
    public static bool IsUniqueViolation(Exception exception) => (exception is DbUpdateException ? exception.InnerException : exception) switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}
