using OrderSystem.Testing;

namespace OrderSystem.Tests.Support;

/// <summary>
/// The tests' short form of <see cref="Eventually"/> (reason first, 30 s default): waits on a condition with a deadline;
/// tests never sleep and hope.
/// </summary>
public static class Wait
{
    static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="because"/> after <paramref name="timeout"/>.</summary>
    public static Task Until(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        Eventually.Until(condition, timeout ?? DefaultTimeout, because);

    /// <summary>Synchronous-condition overload.</summary>
    public static Task Until(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        Eventually.Until(condition, timeout ?? DefaultTimeout, because);
}
