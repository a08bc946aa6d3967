# Shared by scripts/backup.sh and scripts/restore.sh: which databases and key files make a
# backup, and PostgreSQL client tools of the server's own major version.

SERVICES="${BACKUP_SERVICES:-identity beneficiaries activities grievances funding}"
DATABASE_PREFIX="${DATABASE_PREFIX:-justice_}"
RUN_DIR="${RUN_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.run}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
# The database psql connects to for CREATE/DROP DATABASE and the server's version.
MAINTENANCE_DB="${PGMAINTENANCE_DB:-postgres}"

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

database_of() {
  echo "${DATABASE_PREFIX}$1"
}

# "name|path|explicit": each key file, where the services read it. A path named by its variable
# must exist at backup time; one left to its run-folder default is skipped when absent.
key_files() {
  key_file identity-signing-key.json "${IDENTITY_SIGNING_KEY_FILE:-}" "$RUN_DIR/keys/identity-signing-key.json"
  key_file grievances-key-ring.json "${GRIEVANCES_KEY_RING_FILE:-}" "$RUN_DIR/keys/grievances-key-ring.json"
  key_file grievances-link-key.json "${GRIEVANCES_LINK_KEY_FILE:-}" "$RUN_DIR/keys/grievances-link-key.json"
  key_file beneficiaries-match-key "${MATCH_KEY_FILE:-}" "$RUN_DIR/beneficiaries-match-key"
}

key_file() {
  if [ -n "$2" ]; then echo "$1|$2|explicit"; else echo "$1|$3|default"; fi
}

# The run folder's own key-encryption key (Development without KEY_ENCRYPTION_KEY): "path|explicit".
kek_file() {
  if [ -n "${KEY_ENCRYPTION_KEY_FILE:-}" ]; then
    echo "$KEY_ENCRYPTION_KEY_FILE|explicit"
  else
    echo "$RUN_DIR/keys/development-key-encryption-key|default"
  fi
}

psql_admin() {
  PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$MAINTENANCE_DB" -Atc "$1"
}

# Chooses pg_dump, pg_restore and psql of the server's major version: a pg_dump older than the
# server refuses to dump it, and a newer one may write what the server cannot restore.
# PG_BIN names the folder of those tools when the OS keeps several versions.
choose_pg_tools() {
  local server_major
  server_major=$(PGCONNECT_TIMEOUT=10 "${PG_BIN:+$PG_BIN/}psql" -X -d "$MAINTENANCE_DB" -Atc "SHOW server_version_num" 2>/dev/null | head -n1) \
    || fail "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (set PGHOST, PGPORT, PGUSER, PGPASSWORD)"
  [ -n "$server_major" ] || fail "cannot read the server's version at $PGHOST:$PGPORT"
  server_major=$((server_major / 10000))
  if [ -z "${PG_BIN:-}" ]; then
    if [ -x "/usr/lib/postgresql/$server_major/bin/pg_dump" ]; then
      PG_BIN="/usr/lib/postgresql/$server_major/bin"
    else
      PG_BIN="$(dirname "$(command -v pg_dump || echo /nonexistent/pg_dump)")"
    fi
  fi
  local tool major
  for tool in pg_dump pg_restore psql; do
    [ -x "$PG_BIN/$tool" ] || fail "$tool not found in $PG_BIN: install the OS package postgresql-client-$server_major, or set PG_BIN"
    major=$("$PG_BIN/$tool" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
    [ "$major" = "$server_major" ] \
      || fail "$tool is version $major but the server is $server_major: install postgresql-client-$server_major and set PG_BIN to its bin folder"
  done
  SERVER_MAJOR="$server_major"
}
