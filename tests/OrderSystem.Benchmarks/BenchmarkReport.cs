using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrderSystem.Benchmarks;

/// <summary>The whole report, written as JSON and Markdown.</summary>
sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    string Label,
    string Sku,
    MachineInfo Machine,
    PhaseResult? Closed,
    PhaseResult? Open,
    BaselineResult? Baseline,
    double? SystemToRawRatio,
    string Command);
