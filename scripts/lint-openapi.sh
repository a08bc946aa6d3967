#!/usr/bin/env bash
# Lints the gathered OpenAPI document with Redocly's recommended rules and fails on any error.
# The end-to-end ApiContractTests write it to artifacts/openapi/platform.json, as the gateway
# serves it; run them first (scripts/test.sh does). Redocly CLI is pinned in tests/openapi.
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
