using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace OrderSystem.Benchmarks;

/// <summary>Where and when the run happened.</summary>
sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadBefore, string LoadAfter, string Commit);
