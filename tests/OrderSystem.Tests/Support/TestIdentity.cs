using OrderSystem.ServiceDefaults;

namespace OrderSystem.Tests.Support;

/// <summary>
/// The Identity host the whole test run shares (started on first use, stopped by <see cref="TestIdentityCleanup"/>), and
/// the one small way to get a real token: <c>await TestIdentity.Token("ada")</c>, <c>await TestIdentity.MachineToken()</c>.
/// Every in-process service gets its <c>Identity:Authority</c> from <see cref="RealInfrastructure.ServiceSettings"/>.
/// </summary>
public static class TestIdentity
{
    static readonly Lazy<Task<IdentityHost>> Host = new(() => IdentityHost.Start());

    /// <summary>True once the shared host was started (so the cleanup knows whether to stop it).</summary>
    internal static bool IsStarted => Host.IsValueCreated;

    /// <summary>The shared host, started on first use.</summary>
    public static Task<IdentityHost> Shared => Host.Value;

    /// <summary>The shared host's address (blocks on first use: called from synchronous settings builders).</summary>
    public static Uri Authority => Host.Value.GetAwaiter().GetResult().BaseAddress;

    /// <summary>An access token of a demo account: <c>ada</c> or <c>bob</c> (customers) or <c>admin</c>.</summary>
    public static async Task<string> Token(string user) => await (await Shared).UserToken(user, user == "admin" ? [.. OrderSystemScopes.All] : [OrderSystemScopes.Orders]);

    /// <summary>An access token of the test machine client (client credentials) with <paramref name="scopes"/> (all when none).</summary>
    public static async Task<string> MachineToken(params string[] scopes) =>
        await (await Shared).ClientToken(IdentityHost.MachineClient, scopes.Length > 0 ? scopes : [.. OrderSystemScopes.All]);

    /// <summary>Sends every request of <paramref name="client"/> with <paramref name="token"/>; returns the client.</summary>
    public static HttpClient SignedIn(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
