namespace OrderSystem.Benchmarks;

/// <summary>Result of the raw RabbitMQ.Client baseline.</summary>
sealed record BaselineResult(int Publishers, int MessageBytes, double Seconds, long Confirmed, long Consumed, double MessagesPerSecond,
    double PublishP50Ms, double PublishP99Ms, long BrokerPublishCounted);
