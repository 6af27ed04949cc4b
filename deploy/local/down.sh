#!/usr/bin/env bash
# Stops the services started by deploy/local/up.sh. Usage: deploy/local/down.sh [--all]
#   --all            also stop RabbitMQ and PostgreSQL
#   --services-only  (used by up.sh) only the services, quietly
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/lib.sh"

ALL=0
for arg in "$@"; do
  case "$arg" in
    --all) ALL=1 ;;
    --services-only) ;;
    -h|--help) echo "usage: deploy/local/down.sh [--all]"; exit 0 ;;
    *) die "unknown option $arg (see --help)" ;;
  esac
done

load_env 2>/dev/null
for service in "${SERVICES[@]}"; do
  pidfile="$LOCAL_DIR/pids/$service.pid"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $service"
    fi
    rm -f "$pidfile"
  fi
done

if [ "$ALL" -eq 1 ]; then
  stop_rabbitmq
  stop_postgres
fi
