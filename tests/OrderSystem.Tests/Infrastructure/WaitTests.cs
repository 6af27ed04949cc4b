using AwesomeAssertions;
using Xunit;

namespace OrderSystem.Tests.Infrastructure;

public sealed class WaitTests
{
    [Fact]
    public async Task ReturnsAsSoonAsTheConditionHolds()
    {
        var calls = 0;
        await Wait.Until(() => ++calls == 3, "the third check", TimeSpan.FromSeconds(10),
            cancellationToken: TestContext.Current.CancellationToken);
        calls.Should().Be(3);
    }

    [Fact]
    public async Task ReturnsTheFirstAcceptedValue()
    {
        var calls = 0;
        var value = await Wait.For(() => Task.FromResult(++calls * 10), seen => seen >= 30, "the value reaches 30",
            TimeSpan.FromSeconds(10), cancellationToken: TestContext.Current.CancellationToken);
        value.Should().Be(30);
    }

    [Fact]
    public async Task TimesOutWithTheReasonAndTheLastValue()
    {
        var wait = () => Wait.For(() => Task.FromResult("Pending"), status => status == "Confirmed", "the order is confirmed",
            TimeSpan.FromMilliseconds(200), cancellationToken: TestContext.Current.CancellationToken);

        var thrown = await wait.Should().ThrowAsync<TimeoutException>();
        thrown.Which.Message.Should().Contain("waiting until the order is confirmed").And.Contain("the last value was \"Pending\"");
    }

    [Fact]
    public async Task TimesOutWithTheReasonAndTheLastError()
    {
        Func<bool> neverReady = () => throw new InvalidOperationException("not yet");
        var wait = () => Wait.Until(neverReady, "the order is confirmed", TimeSpan.FromMilliseconds(200),
            cancellationToken: TestContext.Current.CancellationToken);

        var thrown = await wait.Should().ThrowAsync<TimeoutException>();
        thrown.Which.Message.Should().Contain("waiting until the order is confirmed").And.Contain("not yet");
        thrown.Which.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task PollsAtTheGivenInterval()
    {
        var calls = 0;
        var wait = () => Wait.Until(() => ++calls < 0, "never", TimeSpan.FromMilliseconds(450), TimeSpan.FromMilliseconds(200),
            TestContext.Current.CancellationToken);

        await wait.Should().ThrowAsync<TimeoutException>();
        calls.Should().BeInRange(2, 5, "checks at 0, 200 and 400 ms, then one or two at the deadline, never a spin before it");
    }
}
