#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh: each service database from its archive, and the
# key files back where the services read them. Stop the services first; start them after.
#
#   scripts/restore.sh [--force] [--no-owner] DATA_DIR KEYS_DIR
#
# Each database is created as it was (owner, connect rights) and restored. A database that exists and holds
# any table, or a key file that exists with other content, is refused (nothing is changed then)
# unless --force, which drops and recreates that database and replaces that file. The dumps'
# checksums are verified first. --no-owner gives every restored object to PGUSER instead of the
# roles that owned them (use it when those roles do not exist on the new server).
#
# Settings: the same environment variables as scripts/backup.sh (PGHOST, PGPORT, PGUSER,
# PGPASSWORD, DATABASE_PREFIX, BACKUP_SERVICES, PG_BIN, RUN_DIR and the *_FILE variables naming
# where each key file goes). The key-encryption key is not restored here: give it to the
# services from the secret store, or copy the run folder's own back by hand
# (KEYS_DIR/kek/key-encryption-key or KEK_BACKUP_DIR).
set -euo pipefail
# Paths given here are taken from where it is run; the run folder defaults to the repository's.
# shellcheck source=lib/backup-common.sh
. "$(dirname "$0")/lib/backup-common.sh"

force=false
owner_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true; shift ;;
    --no-owner) owner_options=(--no-owner --no-privileges); shift ;;
    --) shift; break ;;
    -*) fail "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq 2 ] || fail "usage: scripts/restore.sh [--force] [--no-owner] DATA_DIR KEYS_DIR"
DATA_DIR="$1"
KEYS_DIR="$2"
[ -f "$DATA_DIR/SHA256SUMS" ] || fail "$DATA_DIR holds no backup (no SHA256SUMS)"
(cd "$DATA_DIR" && sha256sum --quiet -c SHA256SUMS) || fail "a dump in $DATA_DIR does not match its checksum"
if [ -s "$KEYS_DIR/SHA256SUMS" ]; then
  (cd "$KEYS_DIR" && sha256sum --quiet -c SHA256SUMS) || fail "a key file in $KEYS_DIR does not match its checksum"
fi

choose_pg_tools

# Everything is checked before anything is changed: a refused restore leaves the server and the key files as they were.
refused=()
for service in $SERVICES; do
  [ -f "$DATA_DIR/$service.dump" ] || fail "$DATA_DIR/$service.dump not found"
  database=$(database_of "$service")
  archived=$("$PG_BIN/pg_restore" --list "$DATA_DIR/$service.dump" | sed -n 's/^;[[:space:]]*dbname: //p')
  [ "$archived" = "$database" ] || fail "$service.dump is of the database $archived, not $database: set DATABASE_PREFIX as it was at backup"
  exists=$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$database'")
  if [ "$exists" = 1 ]; then
    tables=$("$PG_BIN/psql" -X -q -d "$database" -Atc "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
    if [ "$tables" != 0 ] && [ "$force" != true ]; then
      refused+=("database $database is not empty")
    fi
  fi
done
while IFS='|' read -r name path _; do
  if [ -f "$KEYS_DIR/$name" ] && [ -f "$path" ] && ! cmp -s "$KEYS_DIR/$name" "$path" && [ "$force" != true ]; then
    refused+=("key file $path exists and differs from the backup's")
  fi
done < <(key_files)
if [ ${#refused[@]} -gt 0 ]; then
  printf '%s\n' "${refused[@]}" >&2
  fail "refused: nothing was changed. Restore into empty databases, or give --force to replace them"
fi

for service in $SERVICES; do
  database=$(database_of "$service")
  psql_admin "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)"
  echo "Restoring $database..."
  # --create makes the database as it was: its owner and who may connect (the per-service roles of
  # scripts/provision-servers.sh, which must exist first, or --no-owner).
  "$PG_BIN/pg_restore" --create --dbname="$MAINTENANCE_DB" --exit-on-error "${owner_options[@]}" "$DATA_DIR/$service.dump" \
    || fail "pg_restore of $database failed; once the cause is fixed, run again with --force"
done

restored=0
while IFS='|' read -r name path _; do
  if [ -f "$KEYS_DIR/$name" ]; then
    mkdir -p "$(dirname "$path")"
    (umask 077 && cp -- "$KEYS_DIR/$name" "$path.restoring" && mv -f -- "$path.restoring" "$path")
    restored=$((restored + 1))
  fi
done < <(key_files)
echo "Restored $(echo "$SERVICES" | wc -w) databases and $restored key files. Start the services; their migrations bring an older backup up to date."
