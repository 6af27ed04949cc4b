#!/usr/bin/env bash
# Runs the whole system without Docker: RabbitMQ and PostgreSQL from the distribution, the four services in the
# background. Idempotent: running it again restarts the services. Usage: deploy/local/up.sh [--no-build] [--reset-data]
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

BUILD=1
RESET=0
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --reset-data) RESET=1 ;;
    -h|--help) echo "usage: deploy/local/up.sh [--no-build] [--reset-data]  (--reset-data drops the four databases and the vhost first)"; exit 0 ;;
    *) die "unknown option $arg (see --help)" ;;
  esac
done

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required: https://dot.net"
load_env
ensure_packages
start_rabbitmq
start_postgres
if [ "$RESET" -eq 1 ]; then
  say "dropping the databases and the vhost '$RABBITMQ_VHOST'"
  for service in "${SERVICES[@]}"; do psql_admin "-c 'DROP DATABASE IF EXISTS ordersystem_$service WITH (FORCE)'" >/dev/null; done
  as_root rabbitmqctl -q delete_vhost "$RABBITMQ_VHOST" >/dev/null 2>&1 || true
fi
say "configuring RabbitMQ vhost '$RABBITMQ_VHOST' and users; PostgreSQL databases"
configure_rabbitmq
configure_postgres

mkdir -p "$LOCAL_DIR/logs" "$LOCAL_DIR/pids"
"$(dirname "$0")/down.sh" --services-only >/dev/null 2>&1 || true

if [ "$BUILD" -eq 1 ]; then
  say "building (Release)"
  (cd "$REPO_ROOT" && dotnet build -c Release OrderSystem.sln -nologo -v q >"$LOCAL_DIR/logs/build.log" 2>&1) \
    || { tail -n 30 "$LOCAL_DIR/logs/build.log"; die "build failed: see $LOCAL_DIR/logs/build.log"; }
fi

for service in "${SERVICES[@]}"; do
  port="$(service_port "$service")"
  # Never kill what we did not start: a busy port is reported, not freed.
  if curl -s -o /dev/null --max-time 1 "http://localhost:$port/" 2>/dev/null; then
    die "port $port ($service) is in use by another process; stop it or set ${service^^}_PORT in .env"
  fi
done

for service in "${SERVICES[@]}"; do
  project="$(service_project "$service")"
  dll="$REPO_ROOT/$project/bin/Release/net10.0/$(basename "$project").dll"
  [ -f "$dll" ] || die "$dll is missing: run without --no-build"
  port="$(service_port "$service")"
  log="$LOCAL_DIR/logs/$service.log"
  (
    cd "$REPO_ROOT/$project"
    ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="http://localhost:$port" \
    Database__Provider=Postgres \
    ConnectionStrings__Database="$(postgres_connection_string "ordersystem_$service")" \
    RabbitMq__Host="$RABBITMQ_HOST" RabbitMq__Port="$RABBITMQ_PORT" RabbitMq__VirtualHost="$RABBITMQ_VHOST" \
    RabbitMq__Username="$service" RabbitMq__Password="$(service_password "$service")" \
    Admin__ApiKey="$ADMIN_API_KEY" \
    RateLimiting__Orders__PermitsPerSecond="${ORDER_RATE_LIMIT_PER_SECOND:-20}" RateLimiting__Orders__Burst="${ORDER_RATE_LIMIT_BURST:-40}" \
    Smtp__Host="${SMTP_HOST:-}" Smtp__Port="${SMTP_PORT:-1025}" \
    OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-}" \
    nohup dotnet "$dll" >"$log" 2>&1 &
    echo $! >"$LOCAL_DIR/pids/$service.pid"
  )
  say "started $service on :$port (log: .local/logs/$service.log)"
done

for service in "${SERVICES[@]}"; do
  port="$(service_port "$service")"
  if ! wait_http "http://localhost:$port/health/ready" "$service" 90; then
    tail -n 40 "$LOCAL_DIR/logs/$service.log" >&2 || true
    die "$service is not ready after 90 s (last log lines above; full log: .local/logs/$service.log). Fix the cause and run deploy/local/up.sh again."
  fi
done

cat <<INFO

OrderSystem is up.

  Order         http://localhost:$(service_port order)/swagger
  Inventory     http://localhost:$(service_port inventory)/swagger
  Payment       http://localhost:$(service_port payment)/swagger
  Notification  http://localhost:$(service_port notification)/swagger
  RabbitMQ UI   http://localhost:${RABBITMQ_MANAGEMENT_PORT:-15672}  (user: $RABBITMQ_ADMIN_USER, password from .env)
  Admin API     header X-Api-Key from ADMIN_API_KEY in .env
  Logs          .local/logs/<service>.log
  Telemetry     ${OTEL_EXPORTER_OTLP_ENDPOINT:-console and /metrics only (set OTEL_EXPORTER_OTLP_ENDPOINT in .env to export over OTLP)}
  Emails        ${SMTP_HOST:+SMTP $SMTP_HOST:${SMTP_PORT:-25}}${SMTP_HOST:-written to .local/logs/notification.log (set SMTP_HOST to send)}

Stop with deploy/local/down.sh (add --all to stop RabbitMQ and PostgreSQL too).
INFO
