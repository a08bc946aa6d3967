#!/usr/bin/env bash
# Runs every test of the solution against local PostgreSQL, RabbitMQ and Redis (installed from the OS
# packages and started when missing). Where Docker runs instead, plain `dotnet test` works too:
# the tests then start their servers with Testcontainers.
# Ends with one line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/servers.sh
. scripts/lib/servers.sh

trap stop_local_servers EXIT
start_postgres
start_rabbitmq
start_redis
ensure_chromium
ensure_node

# RabbitMQ's Erlang port mapper and distribution port must not be reachable from the network.
rabbitmq_exposure="passed"
check_rabbitmq_loopback || rabbitmq_exposure="failed"

export TEST_POSTGRES="${TEST_POSTGRES:-$POSTGRES_ADMIN}"
export TEST_RABBITMQ="${TEST_RABBITMQ:-$RABBITMQ_AMQP}"
export TEST_RABBITMQ_MANAGEMENT="${TEST_RABBITMQ_MANAGEMENT:-$RABBITMQ_MANAGEMENT}"
export TEST_REDIS="${TEST_REDIS:-$REDIS_LOCAL}"

results="$(mktemp -d)"
status=0
rm -f artifacts/openapi/platform.json
dotnet build JusticePlatform.sln -c Release --nologo -v q -clp:ErrorsOnly
dotnet test JusticePlatform.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# The OpenAPI contract: the gathered document the end-to-end tests wrote, linted with Redocly.
lint="skipped (no document: the ApiContractTests did not run)"
if [ -f artifacts/openapi/platform.json ]; then
  if bash scripts/lint-openapi.sh; then lint="passed"; else lint="failed"; status=1; fi
fi
echo "OpenAPI lint: $lint"
echo "RabbitMQ on loopback only: $rabbitmq_exposure"
[ "$rabbitmq_exposure" = passed ] || status=1

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
line = f"{passed} passed, {failed} failed"
print(line + (f", {skipped} skipped" if skipped else ""))
PY
rm -rf "$results"
exit $status
