#!/usr/bin/env bash
# Starts the whole platform through the .NET Aspire AppHost: the broker and the databases, the
# identity service, the four services, the gateway and the Aspire dashboard. Where no container
# engine answers, the AppHost runs PostgreSQL and RabbitMQ from the OS packages itself (installed
# here when missing) on ports and data directories of its own under .run/. Prints the gateway's
# and the dashboard's addresses once the gateway is healthy. Ctrl-C (or SIGTERM) stops everything.
#
# Platform__Servers=local|existing|containers chooses where the servers come from (see docs/OPERATIONS.md);
# ADMIN_CLIENT_SECRET sets the first administrator's secret.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/servers.sh
. scripts/lib/servers.sh

GATEWAY_PORT="${Platform__GatewayPort:-8080}"
DASHBOARD="http://127.0.0.1:18888"
export ADMIN_CLIENT_ID="${ADMIN_CLIENT_ID:-platform-admin}"
export ADMIN_CLIENT_SECRET="${ADMIN_CLIENT_SECRET:-local-admin-secret}"
LOG=".run/logs/apphost.log"
mkdir -p "$(dirname "$LOG")"
started=$(date +%s)

if [ "${Platform__Servers:-local}" = local ]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    echo "Installing PostgreSQL from the OS packages..."
    apt_install postgresql
  fi
  if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    echo "Installing RabbitMQ from the OS packages..."
    apt_install rabbitmq-server
  fi
  if ! command -v redis-server >/dev/null; then
    echo "Installing Redis from the OS packages..."
    apt_install redis-server
  fi
fi
command -v curl >/dev/null || apt_install curl

echo "Building..."
dotnet build AppHost -c Release --nologo -v q -clp:"ErrorsOnly;NoSummary"

echo "Starting the AppHost (its log: $LOG)..."
apphost_started=$(date +%s)
dotnet run --project AppHost -c Release --no-build --launch-profile http >"$LOG" 2>&1 &
runner=$!

# The AppHost is the child of `dotnet run`; it stops the resources (and its orchestrator) when interrupted.
apphost=""
find_apphost() {
  for _ in $(seq 1 300); do
    apphost="$(pgrep -P "$runner" -f JusticePlatform.AppHost | head -n 1 || true)"
    [ -n "$apphost" ] && return 0
    kill -0 "$runner" 2>/dev/null || return 0
    sleep 0.2
  done
}

stop_all() {
  trap - INT TERM EXIT
  echo "Stopping the platform..."
  if [ -n "$apphost" ]; then
    kill -TERM "$apphost" 2>/dev/null || true
  fi
  wait "$runner" 2>/dev/null || true
  # The orchestrator outlives the AppHost by a few seconds while it stops the servers and services.
  for _ in $(seq 1 60); do
    [ -z "$apphost" ] || ! pgrep -f -- "--monitor $apphost( |$)" >/dev/null && break
    sleep 1
  done
  echo "Stopped."
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM
find_apphost

until curl -fsS -m 2 "http://127.0.0.1:${GATEWAY_PORT}/health" >/dev/null 2>&1; do
  if ! kill -0 "$runner" 2>/dev/null; then
    echo "The AppHost stopped before the gateway was healthy:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  sleep 1
done

echo "The gateway is healthy after $(( $(date +%s) - started )) s ($(( $(date +%s) - apphost_started )) s after the AppHost started)."
echo "Dashboard: $DASHBOARD (no login: it listens on this machine's loopback only)."
echo "API reference: http://127.0.0.1:${GATEWAY_PORT}/docs"
echo "Administrator client: $ADMIN_CLIENT_ID / $ADMIN_CLIENT_SECRET (set ADMIN_CLIENT_SECRET to change it)."
echo "Press Ctrl-C to stop."
echo "http://127.0.0.1:${GATEWAY_PORT}"
wait "$runner" || true
echo "The AppHost exited; see $LOG." >&2
