#!/usr/bin/env bash
# Shared functions of the local (no Docker) scripts: install, start and configure RabbitMQ and PostgreSQL.
# Sourced by deploy/local/up.sh, deploy/local/down.sh and tests/run.sh.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
LOCAL_DIR="$REPO_ROOT/.local"
SERVICES=(order inventory payment notification)
# Every process of the local run: Identity (no broker user) and the four services.
# shellcheck disable=SC2034 # used by the scripts that source this file
PROCESSES=(identity "${SERVICES[@]}")
# The .NET Aspire AppHost that runs the services locally (deploy/local/up.sh).
APPHOST_PROJECT=deploy/aspire/OrderSystem.AppHost

say()  { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Loads .env, or .env.example's local-development values when there is no .env. Variables already set in the
# environment win, so one run can override a setting: ORDER_RATE_LIMIT_PER_SECOND=100000 deploy/local/up.sh
load_env() {
  local file="$REPO_ROOT/.env" line key
  if [ ! -f "$file" ]; then
    file="$REPO_ROOT/.env.example"
    warn "no .env: using .env.example (local development credentials only)"
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    [ -n "${!key+x}" ] || export "$key=${line#*=}"
  done <"$file"
}

service_port() {
  case "$1" in
    order) echo "${ORDER_PORT:-5001}" ;;
    inventory) echo "${INVENTORY_PORT:-5002}" ;;
    payment) echo "${PAYMENT_PORT:-5003}" ;;
    notification) echo "${NOTIFICATION_PORT:-5004}" ;;
    identity) echo "${IDENTITY_PORT:-5005}" ;;
  esac
}

service_password() {
  case "$1" in
    order) echo "$ORDER_BROKER_PASSWORD" ;;
    inventory) echo "$INVENTORY_BROKER_PASSWORD" ;;
    payment) echo "$PAYMENT_BROKER_PASSWORD" ;;
    notification) echo "$NOTIFICATION_BROKER_PASSWORD" ;;
  esac
}

service_project() {
  local name="${1^}"
  echo "services/$name/OrderSystem.$name"
}

# Installs RabbitMQ and PostgreSQL from the distribution when missing (apt-get update only when needed).
ensure_packages() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    as_root apt-get update -qq || die "apt-get update failed: check the network or the package sources"
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
      || die "could not install ${missing[*]}: install them by hand and run again"
  fi
}

rabbitmq_running() { as_root rabbitmqctl -q status >/dev/null 2>&1; }

start_rabbitmq() {
  if rabbitmq_running; then
    say "RabbitMQ is running"
  else
    say "starting RabbitMQ"
    as_root rabbitmq-plugins -q --offline enable rabbitmq_management rabbitmq_prometheus >/dev/null 2>&1 \
      || as_root rabbitmq-plugins -q --offline enable rabbitmq_management >/dev/null \
      || die "could not enable the RabbitMQ management plugin"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
  if ! wait_rabbitmq 90; then
    # Show why (CI has no shell to look around in): the node's own log, and what rabbitmqctl says.
    as_root sh -c 'tail -n 40 /var/log/rabbitmq/*.log' >&2 2>/dev/null || true
    as_root rabbitmqctl status 2>&1 | tail -n 15 >&2 || true
    die "RabbitMQ did not start within 90 s: see /var/log/rabbitmq/ and run 'rabbitmqctl status'"
  fi
  as_root rabbitmq-plugins -q enable rabbitmq_management >/dev/null 2>&1 || true
}

# await_startup fails at once while the Erlang node is still booting (not yet reachable), so ask again until it answers.
wait_rabbitmq() {
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    as_root rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

stop_rabbitmq() { rabbitmq_running && { say "stopping RabbitMQ"; as_root rabbitmqctl -q stop >/dev/null 2>&1 || true; }; }

postgres_cluster() { pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1, $2}'; }

start_postgres() {
  local cluster
  cluster="$(postgres_cluster)"
  [ -n "$cluster" ] || die "no PostgreSQL cluster found: 'pg_createcluster <version> main' and run again"
  # shellcheck disable=SC2086
  if pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
    say "PostgreSQL is running"
  else
    say "starting PostgreSQL $cluster"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster start || die "PostgreSQL did not start: see /var/log/postgresql/"
  fi
  wait_postgres
  # Tests run many service hosts in parallel and the fault suite runs replicas: 100 connections are not enough.
  if [ "$(psql_admin "-c 'SHOW max_connections'")" -lt 300 ]; then
    say "raising PostgreSQL max_connections to 300 (restart)"
    psql_admin "-c 'ALTER SYSTEM SET max_connections = 300'" >/dev/null
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster restart || die "PostgreSQL did not restart: see /var/log/postgresql/"
    wait_postgres
  fi
}

wait_postgres() {
  for _ in $(seq 1 30); do
    as_root su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "PostgreSQL does not accept connections: see /var/log/postgresql/"
}

stop_postgres() {
  local cluster
  cluster="$(postgres_cluster)"
  # shellcheck disable=SC2086
  [ -n "$cluster" ] && { say "stopping PostgreSQL"; as_root pg_ctlcluster $cluster stop >/dev/null 2>&1 || true; }
}

# The services' connection string for database $1 (settings from .env; TLS per POSTGRES_SSL_MODE, Disable on loopback).
postgres_connection_string() {
  echo "Host=$POSTGRES_HOST;Port=$POSTGRES_PORT;Database=$1;Username=$POSTGRES_USER;Password=$POSTGRES_PASSWORD;SSL Mode=${POSTGRES_SSL_MODE:-Prefer}"
}

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

# Creates (or updates the password of) a login role, idempotently. $3 = extra attributes (e.g. CREATEDB).
ensure_pg_role() {
  local role="$1" password="$2" extra="${3:-}"
  psql_admin "-c \"DO \\\$\\\$BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN CREATE ROLE \\\"$role\\\" LOGIN $extra PASSWORD '$password';
    ELSE ALTER ROLE \\\"$role\\\" LOGIN $extra PASSWORD '$password'; END IF; END\\\$\\\$;\"" >/dev/null \
    || die "could not create the PostgreSQL role $role"
}

ensure_pg_database() {
  local database="$1" owner="$2"
  if ! psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '$database'\"" | grep -q 1; then
    psql_admin "-c \"CREATE DATABASE \\\"$database\\\" OWNER \\\"$owner\\\"\"" >/dev/null || die "could not create database $database"
  fi
}

# Creates or updates a broker user's password and tags, idempotently.
ensure_rabbit_user() {
  local user="$1" password="$2" tags="${3:-}"
  if as_root rabbitmqctl -q list_users | awk '{print $1}' | grep -qx "$user"; then
    as_root rabbitmqctl -q change_password "$user" "$password" >/dev/null
  else
    as_root rabbitmqctl -q add_user "$user" "$password" >/dev/null
  fi
  # shellcheck disable=SC2086 # no tags must mean no argument
  as_root rabbitmqctl -q set_user_tags "$user" $tags >/dev/null
}

# A service's broker permissions, one regex per line: configure, write, read. The single source of the per-service rules:
# compose's definitions.json and Kubernetes' rabbitmq-topology.yaml carry the same regexes (a deployment test compares
# them) and the broker permission tests apply exactly these. A service may declare the context exchanges it publishes
# to or consumes from, and everything named <service>.* (its queues, their exchanges and DLQs, its temporary bus
# endpoint <service>.bus.*); write (publish) only to its own context exchange and its own entities; read (consume,
# and bind from) only the context exchanges it consumes and its own entities.
broker_permissions() {
  local service="$1" consumed declared
  case "$service" in
    order) consumed='order|inventory|payment' declared='order|inventory|payment' ;;
    inventory|payment|notification) consumed='order' declared="$service|order" ;;
    *) die "unknown service $service" ;;
  esac
  local own="$service\\..+"
  printf '%s\n' "^($declared|$own)\$" "^($service|$own)\$" "^($consumed|$own)\$"
}

# The vhost, the admin user and one least-privilege user per service.
configure_rabbitmq() {
  local vhost="$RABBITMQ_VHOST" service permissions
  as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
  ensure_rabbit_user "$RABBITMQ_ADMIN_USER" "$RABBITMQ_ADMIN_PASSWORD" administrator
  as_root rabbitmqctl -q set_permissions -p "$vhost" "$RABBITMQ_ADMIN_USER" ".*" ".*" ".*" >/dev/null
  for service in "${SERVICES[@]}"; do
    ensure_rabbit_user "$service" "$(service_password "$service")"
    mapfile -t permissions < <(broker_permissions "$service")
    as_root rabbitmqctl -q set_permissions -p "$vhost" "$service" "${permissions[@]}" >/dev/null
  done
}

configure_postgres() {
  local service
  ensure_pg_role "$POSTGRES_USER" "$POSTGRES_PASSWORD"
  for service in "${PROCESSES[@]}"; do
    ensure_pg_database "ordersystem_$service" "$POSTGRES_USER"
  done
}

# Waits for a URL to answer 2xx; $3 = timeout in seconds; $4 = a pid whose exit ends the wait early (it will not answer).
wait_http() {
  local url="$1" timeout="${3:-90}" pid="${4:-}"
  for _ in $(seq 1 "$timeout"); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 1
  done
  return 1
}

# Whether something listens on localhost:$1.
port_in_use() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# The pid of the process listening on TCP port $1 (empty when none).
listener_pid() { ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2; }
