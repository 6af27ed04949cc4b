using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrderSystem.Benchmarks;

/// <summary>Figures of one load phase (closed or open loop).</summary>
sealed record PhaseResult(
    string Name,
    string Mode,
    int? Clients,
    double? TargetRate,
    double Seconds,
    long Started,
    long Accepted,
    long Confirmed,
    long Cancelled,
    long TimedOut,
    long HttpErrors,
    long Exceptions,
    Dictionary<int, long> HttpStatusCounts,
    string? FirstError,
    double ConfirmedPerSecond,
    double[] ConfirmedPerSecondTimeline,
    LatencySummary EndToEndMs,
    LatencySummary HttpMs,
    LatencySummary FinalEventHopMs,
    double MaxOutboxLagSeconds,
    string MaxOutboxLagService,
    long MaxOutboxPendingMessages,
    long BrokerPublishes,
    double MessagesPerOrder,
    double BrokerMessagesPerSecond,
    Dictionary<string, double> CpuMsPerOrder,
    double MachineCpuBusyPercent,
    int NotReadySamples = 0,
    long BrokerConnectionLosses = 0);
