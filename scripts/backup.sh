#!/usr/bin/env bash
# Backs up the platform: each service's database, and apart from them the key files that open
# its data. A backup of the data together with its keys defeats their encryption, so the two go
# to different folders (put them on different media, with different access).
#
#   scripts/backup.sh DATA_DIR KEYS_DIR
#
# DATA_DIR gets one pg_dump archive (custom format) per service database and a manifest;
# KEYS_DIR gets the key files and a manifest. Both are created (mode 700) and must not be one
# inside the other. Restore with scripts/restore.sh.
#
# Settings (environment variables):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD  the PostgreSQL server and a role that may read every
#                                       service database (default 127.0.0.1, 5432, postgres);
#                                       PGSSLMODE and the other libpq variables apply too
#   PGMAINTENANCE_DB                    database to connect to for the server's version (postgres)
#   DATABASE_PREFIX                     service databases are PREFIX<service> (justice_)
#   BACKUP_SERVICES                     which services (identity beneficiaries activities grievances funding)
#   PG_BIN                              folder of pg_dump/pg_restore/psql; by default the OS's tools
#                                       of the server's major version (a mismatch is refused)
#   RUN_DIR                             the run folder whose key files are taken by default (the repository's .run)
#   IDENTITY_SIGNING_KEY_FILE           the identity signing key (RUN_DIR/keys/identity-signing-key.json)
#   GRIEVANCES_KEY_RING_FILE            Grievances' survivor-data key ring (RUN_DIR/keys/grievances-key-ring.json)
#   GRIEVANCES_LINK_KEY_FILE            Grievances' beneficiary-link key (RUN_DIR/keys/grievances-link-key.json)
#   MATCH_KEY_FILE                      Beneficiaries' match-key secret (RUN_DIR/beneficiaries-match-key)
#   KEY_ENCRYPTION_KEY_FILE             a key-encryption key kept in a file (RUN_DIR/keys/development-key-encryption-key,
#                                       the run folder's own, when there is one)
#   KEK_BACKUP_DIR                      where that key-encryption key goes (default: KEYS_DIR/kek); keep it
#                                       apart from the key files it wraps. A KEK from a secret store
#                                       (KEY_ENCRYPTION_KEY) is backed up there, not here.
# A key file named by its variable must exist; a run-folder default that does not is skipped, and said.
set -euo pipefail
# Paths given here are taken from where it is run; the run folder defaults to the repository's.
# shellcheck source=lib/backup-common.sh
. "$(dirname "$0")/lib/backup-common.sh"

[ $# -eq 2 ] || fail "usage: scripts/backup.sh DATA_DIR KEYS_DIR"
umask 077
mkdir -p "$1" "$2"
DATA_DIR=$(cd "$1" && pwd -P)
KEYS_DIR=$(cd "$2" && pwd -P)
case "$KEYS_DIR/" in "$DATA_DIR/"*) fail "KEYS_DIR must not be DATA_DIR or inside it: a backup of the data with its keys opens it" ;; esac
case "$DATA_DIR/" in "$KEYS_DIR/"*) fail "DATA_DIR must not be inside KEYS_DIR: a backup of the data with its keys opens it" ;; esac
[ -z "$(ls -A "$DATA_DIR")" ] || fail "$DATA_DIR is not empty: give each backup a folder of its own"
[ -z "$(ls -A "$KEYS_DIR")" ] || fail "$KEYS_DIR is not empty: give each backup a folder of its own"

choose_pg_tools
taken_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for service in $SERVICES; do
  database=$(database_of "$service")
  echo "Dumping $database..."
  "$PG_BIN/pg_dump" --format=custom --compress=6 --file="$DATA_DIR/$service.dump" --dbname="$database" \
    || fail "pg_dump of $database failed"
done

{
  echo "taken_at=$taken_at"
  echo "server_major=$SERVER_MAJOR"
  echo "pg_dump=$("$PG_BIN/pg_dump" --version)"
  echo "database_prefix=$DATABASE_PREFIX"
  echo "services=$SERVICES"
} > "$DATA_DIR/manifest.txt"
(cd "$DATA_DIR" && sha256sum -- *.dump > SHA256SUMS)

copied=0
while IFS='|' read -r name path how; do
  if [ -f "$path" ]; then
    install -m 600 -- "$path" "$KEYS_DIR/$name"
    copied=$((copied + 1))
  elif [ "$how" = explicit ]; then
    fail "key file $path ($name) not found"
  else
    echo "No $name at $path: skipped (set its variable if the service keeps it elsewhere)" >&2
  fi
done < <(key_files)

IFS='|' read -r kek how < <(kek_file)
if [ -f "$kek" ]; then
  kek_dir="${KEK_BACKUP_DIR:-$KEYS_DIR/kek}"
  mkdir -p "$kek_dir"
  install -m 600 -- "$kek" "$kek_dir/key-encryption-key"
  echo "The key-encryption key went to $kek_dir: keep it apart from the key files it wraps." >&2
elif [ "$how" = explicit ]; then
  fail "key-encryption key file $kek not found"
fi

echo "taken_at=$taken_at" > "$KEYS_DIR/manifest.txt"
if [ "$copied" -gt 0 ]; then
  (cd "$KEYS_DIR" && find . -maxdepth 1 -type f ! -name manifest.txt ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum -- > SHA256SUMS)
fi
echo "Backup taken at $taken_at: $(echo "$SERVICES" | wc -w) databases in $DATA_DIR, $copied key files in $KEYS_DIR."
