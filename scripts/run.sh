#!/usr/bin/env bash
# Starts the whole platform on this machine without a container engine: PostgreSQL and
# RabbitMQ (installed from the OS packages and started when missing), the identity service,
# the four services and the gateway. Prints the gateway's address once it answers. Ctrl-C stops
# everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/servers.sh
. scripts/lib/servers.sh

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
ADMIN_CLIENT_ID="${ADMIN_CLIENT_ID:-platform-admin}"
ADMIN_CLIENT_SECRET="${ADMIN_CLIENT_SECRET:-local-admin-secret}"
IDENTITY="http://127.0.0.1:5105"
LOGS=".run/logs"
mkdir -p "$LOGS"
# Tokens outlive a restart of the identity service only if its signing key does.
SIGNING_KEY=".run/identity-signing-key.pem"
[ -f "$SIGNING_KEY" ] || openssl genrsa -out "$SIGNING_KEY" 2048 2>/dev/null
# Grievances encrypts survivor data with this key ring, kept apart from the database. To rotate,
# add a key and make it active; keep the old ones so old records stay readable.
GRIEVANCES_KEYS=".run/grievances-keys.json"
if [ ! -f "$GRIEVANCES_KEYS" ]; then
  (umask 077 && printf '{"activeKey":"k1","keys":{"k1":"%s"}}\n' "$(openssl rand -base64 32)" >"$GRIEVANCES_KEYS")
fi
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    echo "Stopping the platform..."
    kill "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  stop_local_servers
}
trap stop_all INT TERM EXIT

start_postgres
start_rabbitmq

echo "Building..."
dotnet build JusticePlatform.sln -c Release --nologo -v q -clp:ErrorsOnly

db() { echo "Host=127.0.0.1;Port=5432;Username=postgres;Password=${POSTGRES_PASSWORD};Database=justice_$1"; }

# name port project-dll
start_service() {
  local name="$1" port="$2" dll="$3"
  shift 3
  env "$@" \
    ASPNETCORE_URLS="http://127.0.0.1:${port}" \
    ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
    ConnectionStrings__messaging="${RABBITMQ_AMQP}" \
    Database__Provider=Postgres \
    Identity__Authority="$IDENTITY" \
    Identity__RequireHttpsMetadata=false \
    dotnet "$dll" --contentRoot "$PWD/$(dirname "$dll")" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
}

wait_healthy() {
  local name="$1" url="$2"
  for _ in $(seq 1 120); do
    curl -fsS "$url/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "$name did not become healthy; see $LOGS/$name.log" >&2
  return 1
}

service_dll() { echo "services/$1/bin/Release/net10.0/JusticePlatform.$1.dll"; }

start_service identity 5105 "$(service_dll Identity)" ConnectionStrings__identitydb="$(db identity)" \
  Identity__SigningKeyPath="$PWD/$SIGNING_KEY" \
  Identity__BootstrapClientId="$ADMIN_CLIENT_ID" Identity__BootstrapClientSecret="$ADMIN_CLIENT_SECRET"
wait_healthy identity "$IDENTITY"

# Consumers first, so their queues are bound before anyone publishes.
start_service activities 5102 "$(service_dll Activities)" ConnectionStrings__activitiesdb="$(db activities)"
start_service grievances 5103 "$(service_dll Grievances)" ConnectionStrings__grievancesdb="$(db grievances)" \
  Grievances__Encryption__KeyFile="$PWD/$GRIEVANCES_KEYS"
start_service funding 5104 "$(service_dll Funding)" ConnectionStrings__fundingdb="$(db funding)"
start_service beneficiaries 5101 "$(service_dll Beneficiaries)" ConnectionStrings__beneficiariesdb="$(db beneficiaries)"

wait_healthy activities http://127.0.0.1:5102
wait_healthy grievances http://127.0.0.1:5103
wait_healthy funding http://127.0.0.1:5104
wait_healthy beneficiaries http://127.0.0.1:5101

start_service gateway "$GATEWAY_PORT" gateway/Gateway/bin/Release/net10.0/JusticePlatform.Gateway.dll \
  services__identity__http__0="$IDENTITY" \
  services__beneficiaries__http__0=http://127.0.0.1:5101 \
  services__activities__http__0=http://127.0.0.1:5102 \
  services__grievances__http__0=http://127.0.0.1:5103 \
  services__funding__http__0=http://127.0.0.1:5104
wait_healthy gateway "http://127.0.0.1:${GATEWAY_PORT}"

echo "Logs: $LOGS/. API reference: http://127.0.0.1:${GATEWAY_PORT}/docs"
echo "Administrator client: $ADMIN_CLIENT_ID / $ADMIN_CLIENT_SECRET (set ADMIN_CLIENT_SECRET to change it)."
echo "Press Ctrl-C to stop."
echo "http://127.0.0.1:${GATEWAY_PORT}"
wait -n "${PIDS[@]}" || true
echo "A process of the platform exited; see $LOGS/." >&2
