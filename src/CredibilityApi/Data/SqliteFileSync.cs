using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace CredibilityApi.Data;

/// <summary>
/// Flushes a connection's database file to disk through SQLite's own file handle: <c>sqlite3_file_control</c>
/// (<c>SQLITE_FCNTL_FILE_POINTER</c>) gives the connection's <c>sqlite3_file</c>, and its VFS's <c>xSync</c> (the
/// documented <c>sqlite3_io_methods</c>) flushes it, as SQLite does at the end of a checkpoint. Not through a handle of our
/// own: on POSIX systems closing any descriptor of a file drops every lock the process holds on it, SQLite's included
/// ("How To Corrupt An SQLite Database File", 2.2). Microsoft.Data.Sqlite and SQLitePCLRaw do not expose
/// <c>sqlite3_file_control</c>, so it is called from the same native library they load.
/// </summary>
internal static class SqliteFileSync
{
    private const int FileControlFilePointer = 7; // SQLITE_FCNTL_FILE_POINTER
    private const int SyncNormal = 2; // SQLITE_SYNC_NORMAL

    /// <summary>The native library of SQLitePCLRaw's e_sqlite3 provider, the one the app's package (bundle_e_sqlite3) sets up.</summary>
    private const string NativeLibrary = "e_sqlite3";

    /// <summary>The slot of <c>xSync</c> in <c>sqlite3_io_methods</c>: after <c>iVersion</c> (padded to a pointer), <c>xClose</c>, <c>xRead</c>, <c>xWrite</c> and <c>xTruncate</c>.</summary>
    private static readonly int SyncSlot = 5 * IntPtr.Size;

    [DllImport(NativeLibrary, CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_file_control(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, out IntPtr file);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int XSync(IntPtr file, int flags);

    /// <summary>
    /// Flushes the main database file of an open connection: true once flushed, false when it has no file on disk (an
    /// in-memory database) or the native call is not available. The connection must not be running a statement meanwhile.
    /// Throws a <see cref="SqliteException"/> when the VFS reports the flush failed (an I/O error).
    /// </summary>
    public static bool Sync(SqliteConnection connection)
    {
        if (connection.Handle is not { } handle || handle.IsInvalid)
        {
            return false;
        }

        // The handle belongs to the library SQLitePCLRaw's provider loaded; it is passed only to that same library.
        if (!string.Equals(SQLitePCL.raw.GetNativeLibraryName(), NativeLibrary, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            if (sqlite3_file_control(handle.DangerousGetHandle(), "main", FileControlFilePointer, out var file) != 0 || file == IntPtr.Zero)
            {
                return false;
            }

            // An unopened file (an in-memory database's) has no methods.
            var methods = Marshal.ReadIntPtr(file);
            if (methods == IntPtr.Zero || Marshal.ReadIntPtr(methods, SyncSlot) is var sync && sync == IntPtr.Zero)
            {
                return false;
            }

            var rc = Marshal.GetDelegateForFunctionPointer<XSync>(sync)(file, SyncNormal);
            return rc == 0 ? true : throw new SqliteException($"Flushing the database file failed (SQLite error {rc}).", rc);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
