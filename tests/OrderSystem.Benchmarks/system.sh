#!/usr/bin/env bash
# Runs this checkout's four services and Identity for benchmarking, isolated from any other local run on the same machine:
# their own ports (5101-5105), RabbitMQ vhost (ordersystem-bench) and databases (ordersystem_bench_<service>), with the
# POST /orders rate limit lifted. Everything else (broker, PostgreSQL, users, settings) as deploy/local/up.sh.
# An isolated vhost also keeps other traffic out of the broker counters the benchmark reads.
#
#   tests/OrderSystem.Benchmarks/system.sh up [--no-build]   start (restart) the services
#   tests/OrderSystem.Benchmarks/system.sh down              stop them
#   tests/OrderSystem.Benchmarks/system.sh env               print the settings for the benchmark (eval "$(... env)")
#
# Environment: BENCH_BASE_PORT (5101), BENCH_VHOST (ordersystem-bench), BENCH_DB_PREFIX (ordersystem_bench_),
# BENCH_PG_OPTIONS (appended to the connection string, e.g. "Max Auto Prepare=0" to measure without prepared statements),
# and any variable of .env (e.g. ASPNETCORE_ENVIRONMENT=Production for JSON logs).
set -euo pipefail
. "$(dirname "$0")/../../deploy/local/lib.sh"

BASE_PORT="${BENCH_BASE_PORT:-5101}"
export ORDER_PORT=$BASE_PORT INVENTORY_PORT=$((BASE_PORT + 1)) PAYMENT_PORT=$((BASE_PORT + 2)) NOTIFICATION_PORT=$((BASE_PORT + 3))
export IDENTITY_PORT=$((BASE_PORT + 4))
IDENTITY_PROJECT="services/Identity/OrderSystem.Identity"
export RABBITMQ_VHOST="${BENCH_VHOST:-ordersystem-bench}"
DB_PREFIX="${BENCH_DB_PREFIX:-ordersystem_bench_}"
BENCH_DIR="$LOCAL_DIR/bench"

stop_services() {
  for service in "${SERVICES[@]}" identity; do
    pidfile="$BENCH_DIR/pids/$service.pid"
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $service (pid $pid)"
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  env)
    load_env 2>/dev/null
    echo "export BENCH_DB_PREFIX=$DB_PREFIX ORDER_PORT=$ORDER_PORT INVENTORY_PORT=$INVENTORY_PORT PAYMENT_PORT=$PAYMENT_PORT NOTIFICATION_PORT=$NOTIFICATION_PORT IDENTITY_PORT=$IDENTITY_PORT RABBITMQ_VHOST=$RABBITMQ_VHOST"
    exit 0 ;;
  down) stop_services; exit 0 ;;
  up) ;;
  *) die "usage: $0 up [--no-build] | down | env" ;;
esac

load_env
start_rabbitmq
start_postgres
say "configuring vhost '$RABBITMQ_VHOST' and databases ${DB_PREFIX}<service>"
configure_rabbitmq
ensure_pg_role "$POSTGRES_USER" "$POSTGRES_PASSWORD"
for service in "${SERVICES[@]}" identity; do ensure_pg_database "$DB_PREFIX$service" "$POSTGRES_USER"; done

mkdir -p "$BENCH_DIR/logs" "$BENCH_DIR/pids"
stop_services
if [ "${2:-}" != "--no-build" ]; then
  say "building (Release)"
  (cd "$REPO_ROOT" && dotnet build -c Release OrderSystem.sln -nologo -v q >"$BENCH_DIR/logs/build.log" 2>&1) \
    || { tail -n 30 "$BENCH_DIR/logs/build.log"; die "build failed: see $BENCH_DIR/logs/build.log"; }
fi

# Identity first: the services check its tokens, and the benchmark signs in as its machine client `benchmark`.
(
  cd "$REPO_ROOT/$IDENTITY_PROJECT"
  ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  ASPNETCORE_URLS="http://localhost:$IDENTITY_PORT" \
  Database__Provider=Postgres \
  ConnectionStrings__Database="$(postgres_connection_string "${DB_PREFIX}identity")" \
  Identity__Clients__benchmark__Secret="$IDENTITY_BENCHMARK_SECRET" \
  OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-}" \
  nohup dotnet "$REPO_ROOT/$IDENTITY_PROJECT/bin/Release/net10.0/OrderSystem.Identity.dll" >"$BENCH_DIR/logs/identity.log" 2>&1 &
  echo $! >"$BENCH_DIR/pids/identity.pid"
)
say "started identity on :$IDENTITY_PORT (log: .local/bench/logs/identity.log)"
wait_http "http://localhost:$IDENTITY_PORT/health/ready" identity 90 \
  || { tail -n 40 "$BENCH_DIR/logs/identity.log" >&2; die "identity is not ready"; }

for service in "${SERVICES[@]}"; do
  project="$(service_project "$service")"
  dll="$REPO_ROOT/$project/bin/Release/net10.0/$(basename "$project").dll"
  port="$(service_port "$service")"
  (
    cd "$REPO_ROOT/$project"
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    ASPNETCORE_URLS="http://localhost:$port" \
    Database__Provider=Postgres \
    ConnectionStrings__Database="$(postgres_connection_string "$DB_PREFIX$service")${BENCH_PG_OPTIONS:+;$BENCH_PG_OPTIONS}" \
    RabbitMq__Host="$RABBITMQ_HOST" RabbitMq__Port="$RABBITMQ_PORT" RabbitMq__VirtualHost="$RABBITMQ_VHOST" \
    RabbitMq__Username="$service" RabbitMq__Password="$(service_password "$service")" \
    Identity__Authority="http://localhost:$IDENTITY_PORT/" \
    PaymentMethods__FingerprintKey="$CARD_FINGERPRINT_KEY" \
    RateLimiting__Orders__PermitsPerSecond=100000 RateLimiting__Orders__Burst=100000 \
    Smtp__Host="${SMTP_HOST:-}" Smtp__Port="${SMTP_PORT:-1025}" \
    OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-}" \
    nohup dotnet "$dll" >"$BENCH_DIR/logs/$service.log" 2>&1 &
    echo $! >"$BENCH_DIR/pids/$service.pid"
  )
  say "started $service on :$port (log: .local/bench/logs/$service.log)"
done

for service in "${SERVICES[@]}"; do
  wait_http "http://localhost:$(service_port "$service")/health/ready" "$service" 90 \
    || { tail -n 40 "$BENCH_DIR/logs/$service.log" >&2; die "$service is not ready"; }
done
say "ready. Benchmark it with:"
echo "  eval \"\$($0 env)\"; dotnet run -c Release --project tests/OrderSystem.Benchmarks -- --duration 30"
