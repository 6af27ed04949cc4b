using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrderSystem.ServiceDefaults;

/// <summary>The JSON settings of every OrderSystem HTTP API, for minimal APIs and MVC alike.</summary>
public static class JsonDefaults
{
    /// <summary>
    /// Applies the house JSON rules to <paramref name="options"/> (start from <see cref="JsonSerializerDefaults.Web"/>):
    /// camelCase names; enums as their C# names (numbers rejected); unknown properties, duplicate properties,
    /// <c>null</c> for non-nullable members and missing required constructor parameters rejected, which turns
    /// into 400 ProblemDetails instead of silently half-bound requests.
    /// </summary>
    /// <param name="options">The options to change in place.</param>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.AllowTrailingCommas = false;
        // Web defaults read numbers from strings; a contract with typed numbers should not.
        options.NumberHandling = JsonNumberHandling.Strict;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        }
    }
}
