#!/usr/bin/env bash
# Runs every test against a real RabbitMQ and PostgreSQL (installed and started here if missing).
# Usage: tests/run.sh [extra dotnet test arguments]. Ends with a line "N passed, N failed, N skipped".
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "$0")/../deploy/local/lib.sh"

command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required: https://dot.net"
ensure_packages
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
  # Only to validate docker-compose.yml (docker-compose config); no container is started.
  say "installing docker-compose (to validate the compose file)"
  if ! { as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker-compose >/dev/null; }; then
    warn "docker-compose could not be installed; the compose validation test will say so"
  fi
fi
start_rabbitmq
start_postgres

# A throw-away administrator per run: tests create and delete their own vhosts and databases with it.
TEST_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
ensure_rabbit_user ordersystem-test "$TEST_PASSWORD" administrator
as_root rabbitmqctl -q set_permissions -p / ordersystem-test ".*" ".*" ".*" >/dev/null
ensure_pg_role ordersystem_test "$TEST_PASSWORD" CREATEDB

export ORDERSYSTEM_TEST_RABBITMQ_HOST=localhost
export ORDERSYSTEM_TEST_RABBITMQ_PORT=5672
export ORDERSYSTEM_TEST_RABBITMQ_MANAGEMENT_URI=http://localhost:15672/
export ORDERSYSTEM_TEST_RABBITMQ_USER=ordersystem-test
export ORDERSYSTEM_TEST_RABBITMQ_PASSWORD="$TEST_PASSWORD"
export ORDERSYSTEM_TEST_POSTGRES="Host=localhost;Port=5432;Username=ordersystem_test;Password=$TEST_PASSWORD;Database=postgres"
ORDERSYSTEM_DOCKER_COMPOSE="$(command -v docker-compose || true)"
export ORDERSYSTEM_DOCKER_COMPOSE

wait_http "http://localhost:15672/" "RabbitMQ management" 60 \
  || die "the RabbitMQ management API does not answer on :15672 (is the rabbitmq_management plugin enabled?)"

say "building and running the tests"
cd "$REPO_ROOT"
dotnet tool restore >/dev/null
OUTPUT="$(mktemp)"
set +e
dotnet test --solution OrderSystem.sln -c Release "$@" 2>&1 | tee "$OUTPUT"
STATUS=${PIPESTATUS[0]}
set -e

# Sum the per-project summaries of Microsoft.Testing.Platform ("total: N", "failed: N", ...) in file $2.
# -a: a test's output may hold bytes that make grep call the whole file binary and print no line at all.
sum() { grep -aE "^\s+$1: [0-9]+" "$2" | awk '{s += $2} END {print s + 0}'; }
TOTAL="$(sum total "$OUTPUT")"; FAILED="$(sum failed "$OUTPUT")"; PASSED="$(sum succeeded "$OUTPUT")"; SKIPPED="$(sum skipped "$OUTPUT")"
rm -f "$OUTPUT"

# Browser tests and the fault-injection CI subset run against the whole system from deploy/local/up.sh (the README's run
# command: the services under the AppHost, the dashboard). Both use the ports and databases of up.sh, and the fault
# subset restarts the broker, so on a machine shared with a running system skip them with ORDERSYSTEM_TEST_BROWSER=0 and
# ORDERSYSTEM_TEST_FAULTS=0.
BROWSER="${ORDERSYSTEM_TEST_BROWSER:-1}"
FAULTS="${ORDERSYSTEM_TEST_FAULTS:-1}"
[ "$STATUS" -eq 0 ] || FAULTS=0
if [ "$BROWSER" != 0 ] || [ "$FAULTS" != 0 ]; then
  mkdir -p "$LOCAL_DIR/logs"
  say "starting the system with deploy/local/up.sh --no-build (log: .local/logs/system-up.log)"
  # The solution-wide test run built the services (the tests reference them) but not the AppHost, which nothing references.
  if ! { dotnet build -c Release deploy/aspire/OrderSystem.AppHost -nologo -v q >"$LOCAL_DIR/logs/system-up.log" 2>&1 \
    && deploy/local/up.sh --no-build >>"$LOCAL_DIR/logs/system-up.log" 2>&1; }; then
    tail -n 20 "$LOCAL_DIR/logs/system-up.log" >&2 || true
    warn "the system did not start: the browser tests and the fault subset count as failed"
    [ "$BROWSER" != 0 ] && { FAILED=$((FAILED + 1)); TOTAL=$((TOTAL + 1)); }
    [ "$FAULTS" != 0 ] && { FAILED=$((FAILED + 1)); TOTAL=$((TOTAL + 1)); }
    BROWSER=0; FAULTS=0
  fi
fi

# What a person does in a browser (tests/OrderSystem.BrowserTests, not part of the solution-wide run): Swagger UI of every
# service, the RabbitMQ management UI, the Aspire dashboard. Chromium from the distribution; Playwright cannot download it.
if [ "$BROWSER" != 0 ]; then
  if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
    say "installing chromium (apt-get) for the browser tests"
    as_root apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null \
      || warn "chromium could not be installed; the browser tests will say so"
  fi
  say "browser tests against the running system (failure screenshots: tests/OrderSystem.BrowserTests/bin/Release/net10.0/screenshots)"
  OUTPUT="$(mktemp)"
  set +e
  dotnet test --project tests/OrderSystem.BrowserTests -c Release 2>&1 | tee "$OUTPUT"
  BROWSER_STATUS=${PIPESTATUS[0]}
  set -e
  if [ "$(sum total "$OUTPUT")" -eq 0 ]; then
    # Not even built or started: count it, so that it cannot pass unnoticed.
    FAILED=$((FAILED + 1)); TOTAL=$((TOTAL + 1))
  fi
  TOTAL=$((TOTAL + $(sum total "$OUTPUT"))); FAILED=$((FAILED + $(sum failed "$OUTPUT")))
  PASSED=$((PASSED + $(sum succeeded "$OUTPUT"))); SKIPPED=$((SKIPPED + $(sum skipped "$OUTPUT")))
  rm -f "$OUTPUT"
  [ "$BROWSER_STATUS" -eq 0 ] || STATUS=$BROWSER_STATUS
fi

# The fault-injection CI subset (docs/guarantees.md): a small order load, one RabbitMQ stop_app/start_app and one
# kill -9 on the system up.sh started, then the invariants; counted as one test.
if [ "$FAULTS" != 0 ]; then
  say "fault injection, CI subset (one broker restart, one kill -9; log: .local/logs/faults-ci.log)"
  if dotnet run -c Release --project tests/OrderSystem.FaultInjection -- --scenario ci --attach 2>&1 | tee "$LOCAL_DIR/logs/faults-ci.log"; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
  fi
  TOTAL=$((TOTAL + 1))
fi
if [ -f "$LOCAL_DIR/pids/apphost.pid" ]; then
  deploy/local/down.sh >/dev/null 2>&1 || true
fi

echo
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
if [ "$TOTAL" -eq 0 ]; then die "no test ran"; fi
if [ "$STATUS" -ne 0 ] || [ "$FAILED" -ne 0 ]; then exit 1; fi
