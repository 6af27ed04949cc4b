namespace OrderSystem.FaultInjection.Faults;

/// <summary>A fault the runner can inject; the command-line name is the lower-case kebab form (see <see cref="FaultKinds"/>).</summary>
public enum FaultKind
{
    /// <summary><c>rabbitmqctl stop_app</c>, a few seconds down, <c>start_app</c> (the whole shared broker).</summary>
    Broker,

    /// <summary><c>rabbitmqctl close_all_connections --vhost</c> (the system's vhost only).</summary>
    Connections,

    /// <summary><c>pg_ctlcluster stop -m fast</c>, 10 s down, <c>start</c> (the whole shared server).</summary>
    Postgres,

    /// <summary><c>kill -9</c> of a random service instance, restarted after a few seconds.</summary>
    Kill,

    /// <summary>Every integration event delivered twice for a while.</summary>
    Duplicates,

    /// <summary>A second instance of every service for a while.</summary>
    Replicas,

    /// <summary>A burst of malformed and unknown messages on the topic exchanges.</summary>
    Malformed,

    /// <summary>The runner's proxy resets every connection of one service to RabbitMQ and refuses new ones briefly.</summary>
    CutBroker,

    /// <summary>The same between one service and PostgreSQL.</summary>
    CutDatabase,

    /// <summary>Added latency on every connection of one service (both servers) for a while.</summary>
    Latency,

    /// <summary>A <c>basic.publish</c> reaches the broker, then the connection is reset before the confirm returns.</summary>
    CutMidPublish,

    /// <summary>A <c>COMMIT</c> reaches PostgreSQL, then the connection is reset before its answer returns.</summary>
    CutMidCommit,
}
