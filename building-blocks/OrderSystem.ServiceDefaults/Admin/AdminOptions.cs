using System.ComponentModel.DataAnnotations;

namespace OrderSystem.ServiceDefaults;

/// <summary>Settings of the admin endpoints, bound from the <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Admin";

    /// <summary>The smallest key length accepted; shorter keys are guessable.</summary>
    public const int MinimumApiKeyLength = 16;

    /// <summary>
    /// The shared secret expected in the <c>X-Api-Key</c> header of admin requests (<c>Admin:ApiKey</c>,
    /// environment <c>Admin__ApiKey</c>). Required in every environment, at least 16 characters.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Admin:ApiKey is required (set Admin__ApiKey); it protects the /admin endpoints.")]
    [MinLength(MinimumApiKeyLength, ErrorMessage = "Admin:ApiKey must be at least 16 characters long.")]
    public string ApiKey { get; set; } = string.Empty;
}
