#!/usr/bin/env bash
# PostgreSQL from the OS packages, run by the AppHost in `local` mode (see LocalServers.cs).
# Usage: postgres.sh DATA_DIRECTORY PORT, with the superuser's password in LOCAL_POSTGRES_PASSWORD.
# Creates the cluster on first use, serves on 127.0.0.1:PORT only (no Unix socket), and answers
# SIGTERM or SIGINT with PostgreSQL's fast shutdown: open sessions are ended, nothing is lost.
set -euo pipefail
data="$1"
port="$2"

bin="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql (scripts/run.sh does it)." >&2
  exit 1
fi

# PostgreSQL refuses to run as root: there, it runs as the postgres user the package created.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

mkdir -p "$data"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$data"
fi
chmod 700 "$data"

if [ ! -f "$data/PG_VERSION" ]; then
  echo "Creating the PostgreSQL cluster in $data..."
  password_file="$(mktemp)"
  printf '%s\n' "$LOCAL_POSTGRES_PASSWORD" >"$password_file"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$password_file"
  fi
  "${as_owner[@]}" "$bin/initdb" --pgdata="$data" --username=postgres --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --pwfile="$password_file" >/dev/null || { rm -f "$password_file"; exit 1; }
  rm -f "$password_file"
fi

"${as_owner[@]}" "$bin/postgres" -D "$data" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
  -c max_connections=200 -c logging_collector=off &
server=$!

stop() { kill -INT "$server" 2>/dev/null || true; }
trap stop TERM INT

status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" || status=$?
done
exit "$status"
