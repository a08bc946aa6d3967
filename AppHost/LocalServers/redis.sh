#!/usr/bin/env bash
# Redis from the OS packages, run by the AppHost in `local` mode (see LocalServers.cs): where the
# gateway counts its rate limits, shared by its instances. Usage: redis.sh DIRECTORY PORT
# Listens on 127.0.0.1 only and writes nothing to disk (a counter lives one window at most).
set -euo pipefail
directory="$1"
port="$2"

if ! command -v redis-server >/dev/null; then
  echo "Redis is not installed: apt-get install redis-server (scripts/run.sh does it)." >&2
  exit 1
fi

mkdir -p "$directory"
exec redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --dir "$directory" --save "" --appendonly no
