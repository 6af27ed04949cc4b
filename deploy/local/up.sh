#!/usr/bin/env bash
# Runs the whole system without Docker: RabbitMQ and PostgreSQL from the distribution, the services in the background
# under the .NET Aspire AppHost (deploy/aspire/OrderSystem.AppHost), which also serves the dashboard. Idempotent: running it again restarts the services. Usage: deploy/local/up.sh [--no-build] [--reset-data]
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

BUILD=1
RESET=0
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    --reset-data) RESET=1 ;;
    -h|--help) echo "usage: deploy/local/up.sh [--no-build] [--reset-data]  (--reset-data drops the databases and the vhost first)"; exit 0 ;;
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
  for service in "${PROCESSES[@]}"; do psql_admin "-c 'DROP DATABASE IF EXISTS ordersystem_$service WITH (FORCE)'" >/dev/null; done
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

dashboard_port="${DASHBOARD_PORT:-18888}"
otlp_port="${DASHBOARD_OTLP_PORT:-18889}"
for service in "${PROCESSES[@]}" dashboard otlp; do
  case "$service" in dashboard) port="$dashboard_port" ;; otlp) port="$otlp_port" ;; *) port="$(service_port "$service")" ;; esac
  # Never kill what we did not start: a busy port is reported, not freed.
  if port_in_use "$port"; then
    die "port $port ($service) is in use by another process; stop it or set its port in .env"
  fi
done

apphost_dll="$REPO_ROOT/$APPHOST_PROJECT/bin/Release/net10.0/OrderSystem.AppHost.dll"
[ -f "$apphost_dll" ] || die "$apphost_dll is missing: run without --no-build"
# The AppHost (deploy/aspire/OrderSystem.AppHost) runs the services as processes and serves the Aspire dashboard; it
# reads .env's settings from the environment (load_env exported them). setsid: it and everything it starts (DCP, the
# dashboard, the services) form one process group, which down.sh can stop without touching anything else.
# Plain HTTP and anonymous access to the dashboard: local development only, bound to localhost.
(
  cd "$REPO_ROOT/$APPHOST_PROJECT"
  DOTNET_ENVIRONMENT=Development \
  ASPNETCORE_URLS="http://localhost:$dashboard_port" \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$otlp_port" \
  ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
  ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  LOG_DIRECTORY="$LOCAL_DIR/logs" \
  setsid nohup dotnet "$apphost_dll" >"$LOCAL_DIR/logs/apphost.log" 2>&1 </dev/null &
  echo $! >"$LOCAL_DIR/pids/apphost.pid"
)
say "started the AppHost (dashboard on :$dashboard_port, log: .local/logs/apphost.log); it starts ${PROCESSES[*]}"

apphost_pid="$(cat "$LOCAL_DIR/pids/apphost.pid")"
for service in "${PROCESSES[@]}"; do
  port="$(service_port "$service")"
  if ! wait_http "http://localhost:$port/health/ready" "$service" 300 "$apphost_pid"; then
    tail -n 20 "$LOCAL_DIR/logs/apphost.log" >&2 || true
    tail -n 40 "$LOCAL_DIR/logs/$service.log" >&2 || true
    die "$service is not ready after 300 s (last log lines above; full logs: .local/logs/apphost.log, .local/logs/$service.log). Fix the cause and run deploy/local/up.sh again."
  fi
  # The process listening on the port: down.sh and the fault-injection runner (--attach) find the service by it.
  listener_pid "$port" >"$LOCAL_DIR/pids/$service.pid"
done
wait_http "http://localhost:$dashboard_port/" dashboard 60 "$apphost_pid" || die "the dashboard does not answer on :$dashboard_port (see .local/logs/apphost.log)"

cat <<INFO

OrderSystem is up.

  Order         http://localhost:$(service_port order)/swagger
  Inventory     http://localhost:$(service_port inventory)/swagger
  Payment       http://localhost:$(service_port payment)/swagger
  Notification  http://localhost:$(service_port notification)/swagger
  RabbitMQ UI   http://localhost:${RABBITMQ_MANAGEMENT_PORT:-15672}  (user: $RABBITMQ_ADMIN_USER, password from .env)
  Identity      http://localhost:$(service_port identity)  (sign in with Authorize in any Swagger UI)
  Demo accounts ada, bob (customers), admin  (passwords: IDENTITY_*_PASSWORD in .env)
  Demo cards    ada's 4242… card is ada00000-0000-0000-0000-000000004242 (the POST /orders example; README tour, step 2)
  Dashboard     http://localhost:$dashboard_port  (.NET Aspire: resources, console logs, traces, metrics)
  Logs          .local/logs/<service>.log, .local/logs/apphost.log
  Telemetry     ${OTEL_EXPORTER_OTLP_ENDPOINT:-OTLP to the dashboard (http://localhost:$otlp_port), Prometheus at /metrics}
  Emails        ${SMTP_HOST:+SMTP $SMTP_HOST:${SMTP_PORT:-25}}${SMTP_HOST:-written to .local/logs/notification.log (set SMTP_HOST to send)}

Stop with deploy/local/down.sh (add --all to stop RabbitMQ and PostgreSQL too).
INFO
