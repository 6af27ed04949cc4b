#!/usr/bin/env bash
# Stops what deploy/local/up.sh started: the AppHost with DCP, the dashboard and the services. Usage: deploy/local/down.sh [--all]
#   --all            also stop RabbitMQ and PostgreSQL
#   --services-only  (used by up.sh) only the AppHost and the services, quietly
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

# SIGTERM, up to $2 seconds for a graceful exit, then SIGKILL.
stop_process() {
  local pid="$1" seconds="$2"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((seconds * 2))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

# Prints pids $@ and all their descendants.
process_tree() {
  ps -eo pid=,ppid= | awk -v roots=" $* " '
    { parent[$1] = $2 }
    END {
      for (pid in parent) if (index(roots, " " pid " ")) keep[pid] = 1
      do { grown = 0; for (pid in parent) if (!(pid in keep) && (parent[pid] in keep)) { keep[pid] = 1; grown = 1 } } while (grown)
      for (pid in keep) print pid
    }'
}

alive() { for pid in "$@"; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done; }

# The AppHost first: on SIGTERM it has DCP stop the services and the dashboard, then DCP exits. DCP detaches from the
# AppHost (parent 1, its own process groups) and watches the AppHost's pid (--monitor <pid>): found by that, before the
# AppHost stops, so that nothing it started can outlive this script.
pidfile="$LOCAL_DIR/pids/apphost.pid"
if [ -f "$pidfile" ]; then
  apphost_pid="$(cat "$pidfile")"
  if [ -n "$apphost_pid" ] && kill -0 "$apphost_pid" 2>/dev/null; then
    mapfile -t dcp < <(pgrep -f -- "dcp start-apiserver --monitor $apphost_pid( |\$)" || true)
    mapfile -t started < <(process_tree "$apphost_pid" "${dcp[@]}")
    stop_process "$apphost_pid" 45
    for _ in $(seq 1 40); do [ -z "$(alive "${started[@]}")" ] && break; sleep 0.5; done
    mapfile -t left < <(alive "${started[@]}")
    if [ ${#left[@]} -gt 0 ]; then
      warn "stopping ${#left[@]} process(es) the AppHost left behind"
      kill -TERM "${left[@]}" 2>/dev/null || true
      sleep 2
      kill -KILL "${left[@]}" 2>/dev/null || true
    fi
    say "stopped the AppHost, DCP, the dashboard and the services"
  fi
  rm -f "$pidfile"
fi

# A service restarted outside the AppHost (the fault-injection runner writes its pid here) is stopped by its pid file.
for service in "${PROCESSES[@]}"; do
  pidfile="$LOCAL_DIR/pids/$service.pid"
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      stop_process "$pid" 10
      say "stopped $service"
    fi
    rm -f "$pidfile"
  fi
done

if [ "$ALL" -eq 1 ]; then
  stop_rabbitmq
  stop_postgres
fi
