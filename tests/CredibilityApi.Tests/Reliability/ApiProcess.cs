using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using CredibilityApi.Client;

namespace CredibilityApi.Tests.Reliability;

/// <summary>
/// The API as a separate operating-system process on a SQLite file, so it can be killed the hard way
/// (SIGKILL: no shutdown hooks, no flushing) and started again on the same file.
/// </summary>
public sealed class ApiProcess(string databasePath, string adminKey, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("credibility-process-").FullName;
    private readonly List<string> _output = [];
    private Process? _process;

    /// <summary>Every line the process (in all its starts) wrote to standard output and error, in order; the log is JSON, one entry a line.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToList();
            }
        }
    }

    /// <summary>The operating-system id of the running process, or null.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The built API of the test run's configuration (see <see cref="FindApiAssembly"/>).</summary>
    public static string ApiAssembly { get; } = FindApiAssembly();

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the API on a free port and waits until /health/ready answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout)
    {
        if (Running)
        {
            throw new InvalidOperationException("The API is already running.");
        }

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Credibility"] = $"Data Source={databasePath}";
        start.Environment["Auth__BootstrapAdminKey"] = adminKey;
        start.Environment["RateLimiting__PermitLimit"] = "1000000";
        start.Environment["RateLimiting__WindowSeconds"] = "60";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process = process;

        // Drain the pipes so a chatty app never blocks on a full one; the tail helps explain a failed start.
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 40)
                {
                    tail.Dequeue();
                }
            }

            lock (_output)
            {
                _output.Add(line);
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (stopwatch.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        var exited = process.HasExited ? $"exited with {process.ExitCode}" : "still not ready";
        Kill();
        string output;
        lock (tail)
        {
            output = string.Join('\n', tail);
        }

        throw new InvalidOperationException($"The API {exited} after {stopwatch.Elapsed.TotalSeconds:0.0} s. Its last output:\n{output}");
    }

    /// <summary>
    /// Kills the process with SIGKILL (what <see cref="Process.Kill(bool)"/> sends on Linux and macOS) and waits
    /// until it is gone; returns its exit code, 137 (128 + 9) for a process killed by SIGKILL.
    /// </summary>
    public int Kill()
    {
        if (_process is null)
        {
            return 0;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        _process.WaitForExit();
        var code = _process.ExitCode;
        _process.Dispose();
        _process = null;
        return code;
    }

    public HttpClient CreateHttpClient(string apiKey)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    public CredibilityApiClient CreateApiClient(string apiKey) => new(CreateHttpClient(apiKey)) { ReadResponseAsString = true };

    public ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The API's own build output for the configuration and framework of this test assembly
    /// (<c>src/CredibilityApi/bin/&lt;Configuration&gt;/&lt;tfm&gt;/CredibilityApi.dll</c>, found by walking up to the
    /// solution); failing that, the copy the project reference puts beside the tests. The project reference
    /// means building the tests builds the API first.
    /// </summary>
    private static string FindApiAssembly()
    {
        var here = AppContext.BaseDirectory;
        var configuration = typeof(ApiProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(here).Name;
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
            {
                var built = Path.Combine(dir.FullName, "src", "CredibilityApi", "bin", configuration, framework, "CredibilityApi.dll");
                if (File.Exists(built))
                {
                    return built;
                }

                break;
            }
        }

        var beside = Path.Combine(here, "CredibilityApi.dll");
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException($"CredibilityApi.dll was found neither under src/CredibilityApi/bin/{configuration}/{framework} nor beside the tests in {here}.");
    }
}
