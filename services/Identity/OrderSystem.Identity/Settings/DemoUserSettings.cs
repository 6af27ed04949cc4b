namespace OrderSystem.Identity.Settings;

/// <summary>One seeded account (<c>Identity:Users:&lt;name&gt;</c>); the user name is also the account's id (<c>sub</c>).</summary>
public sealed class DemoUserSettings
{
    /// <summary>Email address, put into tokens and used for the order emails.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary><c>customer</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>From the environment only (<c>Identity__Users__ada__Password</c>); never logged.</summary>
    public string? Password { get; set; }
}
