namespace OrderSystem.FaultInjection;

/// <summary>Polling with a deadline.</summary>
public static class Wait
{
    /// <summary>True once <paramref name="condition"/> holds, false when <paramref name="timeout"/> passed first.</summary>
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500));
        }
    }
}
