using System.Collections;
using System.Data.Common;
using CredibilityApi.Client;
using CredibilityApi.Data;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CredibilityApi.Tests.Features.Exports;

/// <summary>
/// Exports stream: the first rows reach the client while the database reader is still near the start of the
/// page, and how far it has read ahead does not grow with the page, because writing waits for the client
/// (the response pipe holds 64 KiB) and the writer flushes every 256 rows. Measured as the rows the server's data
/// reader has read when the client has the first line, after a pause, for pages of 5,000 and 20,000 claims.
/// With a retrying execution strategy (SQL Server's <c>EnableRetryOnFailure</c>) EF reads the whole result first:
/// the same measurement then equals the page size, which is why the exports run on <see cref="StreamingReads"/>.
/// </summary>
public sealed class ExportStreamingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Claims = 20_000;
    private const string SqliteOnly = "SQLite only: the claims are copied with SQLite's SQL and counted through a SQLite context.";

    private readonly ApiFactory _app = new();
    private string _outletId = "";

    public async Task InitializeAsync()
    {
        if (_app.OnSqlServer)
        {
            // Nothing to seed: the measurements below are SQLite-only and skip themselves.
            return;
        }

        var admin = _app.CreateApiClient(ApiFactory.AdminKey);
        var f = await ArticleFixture.CreateAsync(admin);
        var claim = await admin.RegisterClaimAsync(f.Article.Id, new RegisterClaimRequest
        {
            Selector = new TextSelector { Exact = "An unnamed official said the town fell at dawn" },
            Claimant = new Claimant { Type = SourceType.Anonymous },
            Attribution = [new AttributionHop { Agent = "an unnamed official", AgentType = SourceType.Anonymous, Medium = Medium.Statement, Relation = Relation.PrimarySource }],
            Tags = [],
        });
        _outletId = f.Outlet.Id;

        // Copies of the claim, written straight into the table: 20,000 through the API would take minutes.
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var columns = (await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('Claims')").ToListAsync())
            .Select(c => $"\"{c}\"").ToList();
        var copied = string.Join(", ", columns.Select(c => c == "\"Id\"" ? "'clm_copy_' || printf('%06d', n.i)" : c == "\"UpdatedAt\"" ? "datetime(c.\"UpdatedAt\", '+' || n.i || ' seconds')" : "c." + c));
        var sql = $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Claims - 1})
            INSERT INTO "Claims" ({string.Join(", ", columns)}) SELECT {copied} FROM n, "Claims" AS c WHERE c."Id" = 
            """ + "{0}";
        (await db.Database.ExecuteSqlRawAsync(sql, claim.Id)).ShouldBe(Claims - 1);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableTheory]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public async Task The_reader_stays_a_bounded_number_of_rows_ahead_of_the_client_whatever_the_page_size(int page)
    {
        Skip.If(_app.OnSqlServer, SqliteOnly);
        var (atFirstLine, lines, total) = await MeasureAsync(page, retrying: false);

        output.WriteLine($"Page of {page}: {atFirstLine} rows read when the client had the first line (after a 300 ms pause); {lines} lines in all.");
        lines.ShouldBe(page);
        total.ShouldBe(page);
        atFirstLine.ShouldBeLessThan(2_000);
    }

    [SkippableFact]
    public async Task With_a_retrying_strategy_EF_reads_the_whole_page_before_the_first_row_goes_out()
    {
        Skip.If(_app.OnSqlServer, SqliteOnly);
        // The control: what the exports would do on SQL Server's retrying context, and proof that the measurement
        // above can tell streaming from buffering.
        var (atFirstLine, lines, _) = await MeasureAsync(Claims, retrying: true);

        output.WriteLine($"Retrying strategy, page of {Claims}: {atFirstLine} rows read before the client had the first line.");
        lines.ShouldBe(Claims);
        atFirstLine.ShouldBe(Claims);
    }

    [Fact]
    public async Task On_SQL_Server_the_exports_context_does_not_retry_and_the_requests_context_does()
    {
        // Built, never started: nothing here connects to a server.
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = "SqlServer";
        builder.Configuration["ConnectionStrings:Credibility"] = "Server=nowhere.invalid;Database=Credibility;User Id=x;Password=y";
        builder.AddCredibilityData();
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();

        var requests = scope.ServiceProvider.GetRequiredService<CredibilityDbContext>();
        var exports = scope.ServiceProvider.GetRequiredService<StreamingReads>().Db;

        requests.Database.CreateExecutionStrategy().RetriesOnFailure.ShouldBeTrue();
        exports.Database.CreateExecutionStrategy().RetriesOnFailure.ShouldBeFalse();
        exports.ShouldNotBeSameAs(requests);
        exports.Database.IsSqlServer().ShouldBeTrue();
    }

    /// <summary>
    /// Exports a page through an app whose exports context counts the rows its readers read; returns the count
    /// when the client has read the first line and waited, the lines read in all, and the final count.
    /// </summary>
    private async Task<(int AtFirstLine, int Lines, int Total)> MeasureAsync(int page, bool retrying)
    {
        var rows = new RowCounter();
        await using var node = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddScoped(_ => new StreamingReads(new SqliteCredibilityDbContext(new DbContextOptionsBuilder<SqliteCredibilityDbContext>()
                .UseSqlite($"Data Source={_app.SqlitePath}", o =>
                {
                    if (retrying)
                    {
                        o.ExecutionStrategy(d => new RetryingStrategy(d));
                    }
                })
                .AddInterceptors(rows)
                .Options), owned: true))));
        using var http = node.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);

        using var response = await http.GetAsync($"/api/v1/exports/claims?outletId={_outletId}&limit={page}", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldNotBeNullOrEmpty();

        // Time for the server to run ahead if nothing held it back.
        await Task.Delay(300);
        var atFirstLine = rows.Max;
        var lines = 1;
        while (await reader.ReadLineAsync() is { Length: > 0 })
        {
            lines++;
        }

        return (atFirstLine, lines, rows.Max);
    }

    /// <summary>A retrying strategy as SQL Server's is to EF: it retries (so EF buffers), though it never needs to here.</summary>
    private sealed class RetryingStrategy(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.FromSeconds(1))
    {
        protected override bool ShouldRetryOn(Exception exception) => false;
    }

    /// <summary>Wraps every data reader so the rows read can be counted; <see cref="Max"/> is the largest count of one reader.</summary>
    private sealed class RowCounter : DbCommandInterceptor
    {
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<DbDataReader>(new CountingReader(result, this));

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) =>
            new CountingReader(result, this);

        internal void Saw(int count)
        {
            int seen;
            while ((seen = Volatile.Read(ref _max)) < count && Interlocked.CompareExchange(ref _max, count, seen) != seen)
            {
            }
        }
    }

    private sealed class CountingReader(DbDataReader inner, RowCounter counter) : DbDataReader
    {
        private int _read;

        public override bool Read() => Counted(inner.Read());

        public override async Task<bool> ReadAsync(CancellationToken cancellationToken) => Counted(await inner.ReadAsync(cancellationToken));

        private bool Counted(bool row)
        {
            if (row)
            {
                counter.Saw(++_read);
            }

            return row;
        }

        public override object this[int ordinal] => inner[ordinal];
        public override object this[string name] => inner[name];
        public override int Depth => inner.Depth;
        public override int FieldCount => inner.FieldCount;
        public override bool HasRows => inner.HasRows;
        public override bool IsClosed => inner.IsClosed;
        public override int RecordsAffected => inner.RecordsAffected;
        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);
        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        public override char GetChar(int ordinal) => inner.GetChar(ordinal);
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);
        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);
        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);
        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);
        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);
        public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();
        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);
        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);
        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);
        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);
        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);
        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);
        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);
        public override string GetName(int ordinal) => inner.GetName(ordinal);
        public override int GetOrdinal(string name) => inner.GetOrdinal(name);
        public override string GetString(int ordinal) => inner.GetString(ordinal);
        public override object GetValue(int ordinal) => inner.GetValue(ordinal);
        public override int GetValues(object[] values) => inner.GetValues(values);
        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);
        public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);
        public override bool NextResult() => inner.NextResult();
        public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);
        public override void Close() => inner.Close();
        public override Task CloseAsync() => inner.CloseAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
