namespace OrderSystem.Identity.Settings;

/// <summary>One confidential client using the client-credentials grant (<c>Identity:Clients:&lt;client id&gt;</c>).</summary>
public sealed class MachineClientSettings
{
    /// <summary>From the environment only (<c>Identity__Clients__benchmark__Secret</c>); never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>The scopes the client may ask for (<c>orders</c>, <c>catalogue.write</c>, <c>admin</c>).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>The email address of the orders the client places (the client's <c>email</c> claim).</summary>
    public string? Email { get; set; }
}
