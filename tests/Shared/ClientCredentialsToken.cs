using System.Net.Http.Headers;
using System.Text.Json;

namespace OrderSystem.Tools;

/// <summary>
/// Gets an access token from Identity with the client-credentials grant, for the machine tools (the benchmark and the
/// fault-injection runner); compiled into each of them (linked file) so that neither needs a project of the other.
/// </summary>
static class ClientCredentialsToken
{
    /// <summary>POSTs to <c>{identity}connect/token</c>; throws with Identity's answer when it refuses.</summary>
    public static async Task<string> RequestAsync(Uri identity, string clientId, string secret, string scopes, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = identity, Timeout = TimeSpan.FromSeconds(30) };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scopes,
        });
        using var response = await http.PostAsync("connect/token", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Identity at {identity} refused a token for client '{clientId}' ({(int)response.StatusCode}): {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// A handler that signs every request in as the machine client, asking Identity again when the token is older than
    /// <paramref name="renewAfter"/> (access tokens live an hour; a long fault run outlives one).
    /// </summary>
    public static DelegatingHandler Handler(Uri identity, string clientId, string secret, string scopes, TimeSpan renewAfter) =>
        new RenewingHandler(identity, clientId, secret, scopes, renewAfter) { InnerHandler = new HttpClientHandler() };

    sealed class RenewingHandler(Uri identity, string clientId, string secret, string scopes, TimeSpan renewAfter) : DelegatingHandler
    {
        readonly SemaphoreSlim _lock = new(1, 1);
        string? _token;
        DateTime _renewAt;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_token is null || DateTime.UtcNow >= _renewAt)
            {
                await _lock.WaitAsync(cancellationToken);
                try
                {
                    if (_token is null || DateTime.UtcNow >= _renewAt)
                    {
                        _token = await RequestAsync(identity, clientId, secret, scopes, cancellationToken);
                        _renewAt = DateTime.UtcNow + renewAfter;
                    }
                }
                finally
                {
                    _lock.Release();
                }
            }

            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", _token);
            return await base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _lock.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Sends <paramref name="token"/> with every request of <paramref name="client"/>.</summary>
    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
