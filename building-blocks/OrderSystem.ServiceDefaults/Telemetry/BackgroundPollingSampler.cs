using System.Diagnostics;
using OpenTelemetry.Trace;

namespace OrderSystem.ServiceDefaults;

/// <summary>
/// Samples every trace except those a client call would start: a database query or HTTP call with no request or
/// message around it is background polling (the outbox relay's fallback poll, the outbox and dead-letter gauges), a few
/// times a second per service. As traces of their own they buried the orders in every trace UI (thousands of one-span
/// "postgresql" traces in the dashboard after minutes). Spans under a request, a message or a relay span are unaffected.
/// Use as the root sampler of a <see cref="ParentBasedSampler"/>.
/// </summary>
public sealed class BackgroundPollingSampler : Sampler
{
    static readonly SamplingResult Drop = new(SamplingDecision.Drop);
    static readonly SamplingResult Sample = new(SamplingDecision.RecordAndSample);

    /// <inheritdoc />
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client ? Drop : Sample;
}
