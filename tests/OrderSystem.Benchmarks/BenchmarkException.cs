namespace OrderSystem.Benchmarks;

/// <summary>A condition that stops the run with a message for the user (system down, unknown SKU never replicated, …).</summary>
sealed class BenchmarkException(string message) : Exception(message);
