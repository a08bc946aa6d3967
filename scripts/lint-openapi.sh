#!/usr/bin/env bash
# Lints the gathered OpenAPI document with Redocly's recommended rules, then with Spectral's OpenAPI
# and OWASP API Security rules (tests/openapi/.spectral.yaml), and fails on any error of either.
# The end-to-end ApiContractTests write it to artifacts/openapi/platform.json, as the gateway
# serves it; run them first (scripts/test.sh does). Both linters are pinned in tests/openapi.
set -euo pipefail
cd "$(dirname "$0")/.."
document="artifacts/openapi/platform.json"
if [ ! -f "$document" ]; then
  echo "lint-openapi: $document is missing; run the ApiContractTests first." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  apt-get install -y -qq nodejs npm >/dev/null
fi
cd tests/openapi
npm ci --no-audit --no-fund --silent
npx --no-install redocly lint "../../$document" --config redocly.yaml --format stylish
# Warnings are kept on purpose, each listed with its reason in the README; any error fails.
report="$(mktemp)"
status=0
npx --no-install spectral lint "../../$document" --ruleset .spectral.yaml --fail-severity error --format text >"$report" || status=$?
grep ' error ' "$report" || true
echo "spectral: $(grep -c ' error ' "$report" || true) errors, $(grep -c ' warning ' "$report" || true) warnings, by rule:"
awk '$2 == "warning" { print $3 }' "$report" | sort | uniq -c
rm -f "$report"
exit "$status"
