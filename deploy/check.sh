#!/usr/bin/env bash
# Checks what is deployed, without a cluster: renders every Kustomize overlay and validates each
# object against the Kubernetes and operator schemas (validate/validate.mjs), and checks the
# Prometheus alert rules (promtool) and that every metric they use is one the services define.
# Installs what it needs: kubectl (Debian package kubernetes-client) and promtool (prometheus)
# when missing, the validator's npm packages from validate/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v kubectl >/dev/null || need_apt+=(kubernetes-client)
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v python3 >/dev/null || need_apt+=(python3)
command -v npm >/dev/null || need_apt+=(nodejs npm)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ${#need_apt[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The Debian package starts a Prometheus server: only promtool is wanted here.
  if [[ " ${need_apt[*]} " == *" prometheus "* ]]; then as_root systemctl disable --now prometheus >/dev/null 2>&1 || as_root service prometheus stop >/dev/null 2>&1 || true; fi
fi
[ -d validate/node_modules ] || (cd validate && npm ci --no-audit --no-fund --silent)

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
for overlay in kubernetes/overlays/*/; do
  name="$(basename "$overlay")"
  kubectl kustomize "$overlay" > "$rendered/$name.yaml" 2> "$rendered/$name.err" || { cat "$rendered/$name.err" >&2; exit 1; }
done
node validate/validate.mjs "$rendered"/*.yaml

promtool check rules prometheus/alerts.yml
python3 prometheus/check_metric_names.py prometheus/alerts.yml ../services ../gateway ../ServiceDefaults
