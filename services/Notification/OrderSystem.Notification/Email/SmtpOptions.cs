using System.ComponentModel.DataAnnotations;

namespace OrderSystem.Notification.Email;

/// <summary>Outgoing mail, bound from <c>Smtp</c>. Without <see cref="Host"/> emails are only logged.</summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary>SMTP server (e.g. the compose mail catcher); empty = log emails instead of sending them.</summary>
    [MaxLength(253)]
    public string? Host { get; set; }

    /// <summary>SMTP port; 1025 is the usual mail catcher port, 25/587 a real relay.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1025;

    /// <summary>Sender address.</summary>
    [Required]
    [MaxLength(254)]
    public string From { get; set; } = "orders@ordersystem.local";

    /// <summary>Require STARTTLS (a real relay); the mail catcher speaks plain SMTP.</summary>
    public bool UseStartTls { get; set; }

    /// <summary>User name, when the server wants authentication (the mail catcher does not).</summary>
    public string? Username { get; set; }

    /// <summary>Password for <see cref="Username"/>; from the environment only.</summary>
    public string? Password { get; set; }

    /// <summary>Connect and send timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>True when emails are really sent.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}
