using AwesomeAssertions;
using OrderSystem.FaultInjection;
using OrderSystem.FaultInjection.Faults;

namespace OrderSystem.Tests.FaultInjection;

public sealed class FaultScheduleTests
{
    static readonly FaultKind[] SomeKinds = [FaultKind.Kill, FaultKind.CutMidCommit, FaultKind.Malformed, FaultKind.Latency];

    [Fact]
    public void The_same_seed_replays_the_same_faults_targets_and_pauses()
    {
        var first = FaultSchedule.Plan(4711, SomeKinds, TimeSpan.FromSeconds(20), 200);
        var replay = FaultSchedule.Plan(4711, SomeKinds, TimeSpan.FromSeconds(20), 200);

        replay.Should().Equal(first);
    }

    [Fact]
    public void The_command_line_order_of_the_kinds_does_not_change_the_schedule()
    {
        var first = FaultSchedule.Plan(7, SomeKinds, TimeSpan.FromSeconds(20), 100);
        var reordered = FaultSchedule.Plan(7, [.. SomeKinds.Reverse(), FaultKind.Kill], TimeSpan.FromSeconds(20), 100);

        reordered.Should().Equal(first);
    }

    [Fact]
    public void Another_seed_gives_another_schedule()
    {
        var first = FaultSchedule.Plan(1, SomeKinds, TimeSpan.FromSeconds(20), 50);
        var other = FaultSchedule.Plan(2, SomeKinds, TimeSpan.FromSeconds(20), 50);

        other.Should().NotEqual(first);
    }

    [Fact]
    public void Only_the_chosen_kinds_are_drawn_every_one_of_them_and_pauses_stay_within_half_to_one_and_a_half_of_the_mean()
    {
        var plan = FaultSchedule.Plan(99, SomeKinds, TimeSpan.FromSeconds(20), 400);

        plan.Select(p => p.Kind).Distinct().Should().BeEquivalentTo(SomeKinds);
        plan.Select(p => p.Service).Distinct().Should().BeEquivalentTo(ServiceHost.Services);
        plan.Should().OnlyContain(p => p.Pause >= TimeSpan.FromSeconds(10) && p.Pause <= TimeSpan.FromSeconds(30));
        plan.Select(p => p.Index).Should().Equal(Enumerable.Range(0, 400));
    }

    [Fact]
    public void A_scenario_that_is_not_random_takes_its_kinds_in_turn_at_its_period_and_honours_a_fixed_target()
    {
        var plan = FaultLoop.Plan(Scenario.Ci, Scenario.Ci.Kinds, TimeSpan.FromSeconds(8), seed: 3, count: 4);

        plan.Select(p => p.Kind).Should().Equal(FaultKind.Broker, FaultKind.Kill, FaultKind.Broker, FaultKind.Kill);
        plan.Should().OnlyContain(p => p.Service == "order" && p.Pause == TimeSpan.FromSeconds(8));
    }

    [Fact]
    public void Fault_names_round_trip_and_network_and_server_groups_are_what_the_options_promise()
    {
        foreach (var kind in FaultKinds.All)
            FaultKinds.Parse(FaultKinds.Name(kind)).Should().BeEquivalentTo([kind]);

        FaultKinds.Name(FaultKind.CutMidPublish).Should().Be("cut-mid-publish");
        FaultKinds.Parse("kill,network")!.Should().BeEquivalentTo([FaultKind.Kill, .. FaultKinds.Network]);
        FaultKinds.Parse("kill,nonsense").Should().BeNull();
        FaultKinds.All.Where(FaultKinds.StopsSharedServer).Should().BeEquivalentTo([FaultKind.Broker, FaultKind.Postgres, FaultKind.Connections]);
    }

    [Fact]
    public void Runner_options_parse_durations_periods_faults_and_refuse_network_faults_without_proxies()
    {
        RunnerOptions.ParseDuration("60m").Should().Be(TimeSpan.FromMinutes(60));
        RunnerOptions.ParseDuration("1h").Should().Be(TimeSpan.FromHours(1));
        RunnerOptions.ParseDuration("90").Should().Be(TimeSpan.FromSeconds(90));
        RunnerOptions.ParseDuration("ten").Should().BeNull();

        var options = RunnerOptions.Parse(["--scenario", "chaos", "--faults", "kill,network", "--seed", "42", "--period", "chaos=10,kill=5"])!;
        options.Seed.Should().Be(42);
        options.Faults.Should().BeEquivalentTo([FaultKind.Kill, .. FaultKinds.Network]);
        options.PeriodOf(options.Scenarios.Single()).Should().Be(TimeSpan.FromSeconds(10));

        RunnerOptions.Parse(["--scenario", "network", "--attach"]).Should().BeNull();
        RunnerOptions.Parse(["--scenario", "chaos", "--direct"])!.Faults.Should().NotIntersectWith(FaultKinds.Network);
        RunnerOptions.Parse(["--faults", "nonsense"]).Should().BeNull();
    }
}
