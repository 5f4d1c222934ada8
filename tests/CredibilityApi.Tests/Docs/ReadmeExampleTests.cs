using System.Reflection;
using System.Text.RegularExpressions;
using CredibilityApi.Client;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Docs;

/// <summary>The app on a real Kestrel port, for code that builds its own HTTP client from a URL.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }
}

/// <summary>
/// Issue 18, point 5: every C# block of the README and of the client package's README is compiled and run against
/// the API on a real port. Blocks are grouped into programs by the <c>&lt;!-- example: name --&gt;</c> line above
/// each; the blocks of one program run in order as one console program (implicit usings, as <c>dotnet new console</c>).
/// A C# block without that line fails the test, so no example escapes it.
/// </summary>
public sealed class ReadmeExampleTests : IAsyncLifetime
{
    private static readonly string Root = FindRoot();
    private readonly KestrelApiFactory _factory = new();

    public static TheoryData<string, string> Programs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, name) in ExamplePrograms().Keys)
        {
            data.Add(file, name);
        }

        return data;
    }

    [Fact]
    public void Every_csharp_block_of_the_readmes_belongs_to_an_example_program()
    {
        var unmarked = new List<string>();
        foreach (var file in ReadmeFiles)
        {
            var lines = File.ReadAllLines(Path.Combine(Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (IsCSharpFence(lines[i]) && MarkerAbove(lines, i) is null)
                {
                    unmarked.Add($"{file}:{i + 1}");
                }
            }
        }

        unmarked.ShouldBeEmpty("each ```csharp block needs an '<!-- example: name -->' line above it, so that it is compiled and run");
        ExamplePrograms().Keys.Select(k => k.Name).ShouldContain("annotator-session");
        ExamplePrograms().Keys.Select(k => k.Name).ShouldContain("quick-start");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task The_example_compiles_and_runs_against_the_api(string file, string name)
    {
        var source = ExamplePrograms()[(file, name)];
        var entry = Compile(source, $"{name}.cs");

        var admin = CredibilityApiClient.Create(_factory.Address, ApiFactory.AdminKey);
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { Name = "Readme " + name, Role = Role.Annotator });
        var key = (await admin.IssueKeyAsync(account.Id, new IssueKeyRequest { Name = "readme" })).Key;
        var campaignId = await CampaignForAsync(admin, account.Id);

        var variables = new Dictionary<string, string>
        {
            ["CREDIBILITY_URL"] = _factory.Address.AbsoluteUri,
            ["CREDIBILITY_KEY"] = key,
            ["CREDIBILITY_CAMPAIGN"] = campaignId,
        };
        foreach (var (variable, value) in variables)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        try
        {
            await Task.Run(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]) is Task task ? task : Task.CompletedTask);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ShouldAssertException($"{file} example '{name}' failed when run: {e.InnerException}");
        }
        finally
        {
            foreach (var variable in variables.Keys)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }

        // The example did what it says: the annotator's work is in the API.
        var mine = await admin.ListAnnotationsAsync(authorId: account.Id, limit: 100);
        mine.Items.ShouldNotBeEmpty($"example '{name}' ran but recorded nothing");
    }

    /// <summary>A campaign with the annotator alone in its pool and two articles, for the work-queue example.</summary>
    private static async Task<string> CampaignForAsync(CredibilityApiClient admin, string annotatorId)
    {
        var articles = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var fixture = await ArticleFixture.CreateAsync(admin);
            articles.Add(fixture.Article.Id);
        }

        var campaign = await admin.CreateCampaignAsync(new CreateCampaignRequest
        {
            Name = "Readme queue " + Unique.Label(),
            Tasks = new CampaignTasks { Dimensions = ["factual_accuracy"] },
            Overlap = 1,
            Pool = [annotatorId],
            ArticleIds = articles,
        });
        await admin.OpenCampaignAsync(campaign.Id);
        return campaign.Id;
    }

    private static readonly string[] ReadmeFiles = ["README.md", "src/CredibilityApi.Client/README.md"];

    private static bool IsCSharpFence(string line) => line.Trim() is "```csharp" or "```cs" or "```c#";

    private static string? MarkerAbove(string[] lines, int fence)
    {
        for (var j = fence - 1; j >= 0; j--)
        {
            if (lines[j].Trim().Length == 0)
            {
                continue;
            }

            var match = Regex.Match(lines[j], @"^\s*<!--\s*example:\s*([a-z0-9-]+)\s*-->\s*$");
            return match.Success ? match.Groups[1].Value : null;
        }

        return null;
    }

    private static Dictionary<(string File, string Name), string> ExamplePrograms()
    {
        var programs = new Dictionary<(string, string), string>();
        foreach (var file in ReadmeFiles)
        {
            var lines = File.ReadAllLines(Path.Combine(Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (!IsCSharpFence(lines[i]) || MarkerAbove(lines, i) is not { } name)
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                var block = string.Join('\n', lines[(i + 1)..end]);
                programs[(file, name)] = programs.TryGetValue((file, name), out var before) ? before + "\n" + block : block;
                i = end;
            }
        }

        return programs;
    }

    private static MethodInfo Compile(string source, string path)
    {
        const string ImplicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Threading;
            global using System.Threading.Tasks;
            """;
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "ReadmeExample_" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(ImplicitUsings, options, "Usings.cs"), CSharpSyntaxTree.ParseText(source, options, path)],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        errors.ShouldBeEmpty($"the README example {path} does not compile");
        return Assembly.Load(image.ToArray()).EntryPoint!;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredibilityApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("CredibilityApi.sln not found above the test binaries");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
