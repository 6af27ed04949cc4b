using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderSystem.ServiceDefaults;

/// <summary>Registers options classes that are bound from configuration and validated when the host starts.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section <paramref name="sectionPath"/>,
    /// validates it with its DataAnnotations attributes and fails host start-up when it is invalid,
    /// so a missing or wrong setting stops the service at once instead of on the first request.
    /// </summary>
    /// <typeparam name="TOptions">The options class; annotate its properties with <c>[Required]</c>, <c>[Range]</c>, ….</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="sectionPath">The configuration section, e.g. <c>"Admin"</c> or <c>"RateLimiting:Orders"</c>.</param>
    /// <returns>The options builder, to chain further <c>Validate</c> calls.</returns>
    /// <remarks>DataAnnotations validation does not descend into nested objects; validate those with their own section.</remarks>
    public static OptionsBuilder<TOptions> AddValidatedOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        this IServiceCollection services, string sectionPath)
        where TOptions : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        return services.AddOptions<TOptions>()
            .BindConfiguration(sectionPath)
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
