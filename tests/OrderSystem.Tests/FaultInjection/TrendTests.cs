using AwesomeAssertions;
using OrderSystem.FaultInjection.Soak;

namespace OrderSystem.Tests.FaultInjection;

public sealed class TrendTests
{
    static readonly TrendLimit Memory = new("working set (MiB)", Floor: 64, Fraction: 0.25);

    static List<(double, double)> Samples(int count, Func<double, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => ((double)i * 10, value(i * 10.0)))];

    [Fact]
    public void The_least_squares_slope_of_a_line_is_its_gradient_and_needs_three_points()
    {
        Trend.Slope([(0, 1), (1, 3), (2, 5), (3, 7)]).Should().BeApproximately(2, 1e-12);
        Trend.Slope([(0, 5), (10, 1), (20, -3)]).Should().BeApproximately(-0.4, 1e-12);
        Trend.Slope([(0, 1), (1, 2)]).Should().BeNull();
        Trend.Slope([(5, 1), (5, 2), (5, 3)]).Should().BeNull();
    }

    [Fact]
    public void A_series_that_keeps_growing_fails_and_says_by_how_much_per_hour()
    {
        // Growing by 2 MiB a minute: 120 MiB/h, above max(64, 25% of the second half's median of ~290 MiB).
        var verdict = Trend.Judge(Memory, Samples(360, t => 200 + (2 * t / 60)));

        verdict.Passed.Should().BeFalse();
        verdict.SlopePerHour.Should().BeApproximately(120, 1e-6);
        verdict.Samples.Should().Be(180);
    }

    [Fact]
    public void Noise_and_sawtooth_around_a_level_pass()
    {
        var random = new Random(5);
        var noisy = Trend.Judge(Memory, Samples(360, _ => 300 + random.Next(-40, 40)));
        // An inbox cleaned every minute: a sawtooth that never trends.
        var sawtooth = Trend.Judge(new TrendLimit("inbox rows", 1000, 0.25), Samples(360, t => 60_000 + (t % 60 * 100)));

        noisy.Passed.Should().BeTrue();
        sawtooth.Passed.Should().BeTrue();
    }

    [Fact]
    public void Only_the_second_half_is_judged_so_the_warm_up_does_not_count()
    {
        // The inbox fills up to its retention in the first half, then stays level.
        var verdict = Trend.Judge(new TrendLimit("inbox rows", 1000, 0.25), Samples(360, t => Math.Min(t, 1800) * 40));

        verdict.Passed.Should().BeTrue();
        verdict.Median.Should().Be(72_000);
    }

    [Fact]
    public void Samples_taken_while_a_fault_was_in_force_or_recovering_are_not_judged()
    {
        // The hour-long soak's p99: level at 60 ms, then a PostgreSQL stop at minute 56 put it at 26 s for a minute.
        var latency = new TrendLimit("p99 latency (ms)", Floor: 1000, Fraction: 0.25);
        var series = Samples(360, t => t is >= 3360 and < 3420 ? 26_000 : 60);
        var disturbed = new[] { new Disturbance(3350, 3430) };

        Trend.Judge(latency, series).Passed.Should().BeFalse("the spike alone makes the least-squares slope steep");
        var verdict = Trend.Judge(latency, series, disturbed);
        verdict.Passed.Should().BeTrue();
        verdict.Samples.Should().Be(171);
        verdict.Excluded.Should().Be(9);
    }

    [Fact]
    public void Growth_outside_the_faults_still_fails()
    {
        var disturbed = Enumerable.Range(0, 12).Select(i => new Disturbance((i * 300) + 100, (i * 300) + 190)).ToList();

        Trend.Judge(Memory, Samples(360, t => 200 + (2 * t / 60)), disturbed).Passed.Should().BeFalse();
    }

    [Fact]
    public void Throughput_is_judged_for_decline_not_growth()
    {
        var throughput = new TrendLimit("orders/s", Floor: 1, Fraction: 0.10, TrendDirection.Decline);

        Trend.Judge(throughput, Samples(360, t => 20 + (t / 3600))).Passed.Should().BeTrue();
        Trend.Judge(throughput, Samples(360, t => 20 - (5 * t / 3600))).Passed.Should().BeFalse();
    }

    [Fact]
    public void The_p99_is_the_nearest_rank()
    {
        var values = Enumerable.Range(1, 200).Select(i => (double)i).ToList();

        SoakSampler.Percentile(values, 0.99).Should().Be(198);
        SoakSampler.Percentile([7], 0.99).Should().Be(7);
    }
}
