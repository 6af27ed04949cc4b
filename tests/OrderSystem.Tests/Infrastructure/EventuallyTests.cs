using AwesomeAssertions;
using OrderSystem.Testing;
using Xunit;

namespace OrderSystem.Tests.Infrastructure;

public sealed class EventuallyTests
{
    [Fact]
    public async Task ReturnsAsSoonAsTheConditionHolds()
    {
        var calls = 0;
        await Eventually.Until(() => ++calls == 3, TimeSpan.FromSeconds(10), "the third check",
            TestContext.Current.CancellationToken);
        calls.Should().Be(3);
    }

    [Fact]
    public async Task TimesOutWithTheReasonAndTheLastError()
    {
        Func<bool> neverReady = () => throw new InvalidOperationException("not yet");
        var wait = () => Eventually.Until(neverReady, TimeSpan.FromMilliseconds(200),
            "the order is confirmed", TestContext.Current.CancellationToken);

        var thrown = await wait.Should().ThrowAsync<TimeoutException>();
        thrown.Which.Message.Should().Contain("waiting until the order is confirmed").And.Contain("not yet");
        thrown.Which.InnerException.Should().BeOfType<InvalidOperationException>();
    }
}
