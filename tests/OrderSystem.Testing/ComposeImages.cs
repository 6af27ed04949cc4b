using System.Text.RegularExpressions;

namespace OrderSystem.Testing;

/// <summary>
/// Reads the image a service of docker-compose.yml runs, from the copy embedded at build time, so that the Testcontainers
/// path runs exactly the SQL Server and RabbitMQ versions compose pins.
/// </summary>
public static class ComposeImages
{
    static readonly Lazy<string> Compose = new(() =>
    {
        using var stream = typeof(ComposeImages).Assembly.GetManifestResourceStream("docker-compose.yml")
            ?? throw new InvalidOperationException("docker-compose.yml is not embedded in OrderSystem.Testing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The <c>image:</c> of compose service <paramref name="service"/>.</summary>
    /// <exception cref="InvalidOperationException">The service or its image is missing.</exception>
    public static string Of(string service)
    {
        // A two-space indented service key, then its four-space indented keys until the next service.
        var match = Regex.Match(Compose.Value, $@"^  {Regex.Escape(service)}:\r?\n(?:    .*\r?\n|\s*\r?\n)*?    image: *(?<image>\S+)", RegexOptions.Multiline);
        return match.Success
            ? match.Groups["image"].Value
            : throw new InvalidOperationException($"docker-compose.yml has no image for service {service}.");
    }
}
