using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CredibilityApi.Client;

/// <summary>The client's own identity on the wire, so the API's request log can tell client versions apart.</summary>
public static class ClientInfo
{
    /// <summary>The package version, which is the version of the API the client was generated from.</summary>
    public static string Version { get; } =
        typeof(ClientInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ClientInfo).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary><c>CredibilityApi.Client/0.11.0 (.NET 8.0.x)</c>: sent as <c>User-Agent</c> unless the caller set one.</summary>
    public static string UserAgent { get; } = $"CredibilityApi.Client/{Version} ({RuntimeInformation.FrameworkDescription})";

    internal static void Apply(HttpClient client, HttpRequestMessage request)
    {
        if (request.Headers.UserAgent.Count == 0 && client.DefaultRequestHeaders.UserAgent.Count == 0)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }
    }
}

/// <summary>Hand-written part of the generated client.</summary>
public partial class CredibilityApiClient
{
    // Called by the generated code before every request.
    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url) => ClientInfo.Apply(client, request);
}
