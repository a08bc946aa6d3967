#!/usr/bin/env bash
# Gives every service its own PostgreSQL roles and database and its own RabbitMQ user, on servers
# that already run (the AppHost's local servers run it too). Safe to run again: it creates what is
# missing and resets the passwords to the ones in the secrets folder.
#
# For each service S (JUSTICE_SERVICES, by default all five):
#   - the database justice_S (JUSTICE_DATABASE_PREFIX), owned by the role justice_S_owner: it alone
#     changes the schema (the migration step, `S --migrate-only`);
#   - the role justice_S_app, the service's own at run time: CONNECT to that database only, and
#     SELECT/INSERT/UPDATE/DELETE on its tables, no DDL. Nobody else (PUBLIC) may connect to it;
#   - the RabbitMQ user justice_S with configure/write/read on its own queues and exchanges (S-…,
#     MassTransit's names for its endpoints, their _error and _skipped) and the event exchanges
#     (justice.….v1 and their base JusticePlatform.Contracts:…), in RABBITMQ_VHOST.
# Passwords are read from SECRETS_DIR (S-owner-password, S-app-password, S-rabbitmq-password),
# and made there (32 hexadecimal characters, mode 600) when missing.
#
# Needs psql and curl. Settings (environment):
#   PGHOST, PGPORT, PGUSER, PGPASSWORD  an administrator with CREATEROLE and CREATEDB (libpq's variables)
#   RABBITMQ_MANAGEMENT                 the management API with an administrator, http://user:password@host:15672
#   RABBITMQ_VHOST                      the virtual host (default /)
#   SECRETS_DIR                         the passwords' folder (default .run/secrets)
#   JUSTICE_ROLE_PREFIX                 prefix of the role and user names (default justice_)
#   JUSTICE_DATABASE_PREFIX             prefix of the database names (default justice_; empty for none)
#   JUSTICE_SERVICES                    the services (default: identity beneficiaries activities grievances funding)
#   JUSTICE_PROVISION                   what to provision: databases, broker, or both (default "databases broker"),
#                                       so that the databases' part need not wait for the broker to start
set -euo pipefail

services="${JUSTICE_SERVICES:-identity beneficiaries activities grievances funding}"
role_prefix="${JUSTICE_ROLE_PREFIX:-justice_}"
database_prefix="${JUSTICE_DATABASE_PREFIX-justice_}"
secrets="${SECRETS_DIR:-.run/secrets}"
vhost="${RABBITMQ_VHOST:-/}"
parts="${JUSTICE_PROVISION:-databases broker}"
databases=false
broker=false
case " $parts " in *" databases "*) databases=true ;; esac
case " $parts " in *" broker "*) broker=true ;; esac
if $broker; then
  : "${RABBITMQ_MANAGEMENT:?RABBITMQ_MANAGEMENT (http://user:password@host:15672) is not set}"
fi

mkdir -p "$secrets"
chmod 700 "$secrets"

password() {
  local file="$secrets/$1"
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  fi
  tr -d '\n' <"$file"
}

rabbit() {
  local method="$1" path="$2" body="$3"
  # The management plugin may answer a little after the broker itself.
  curl --silent --show-error --fail-with-body --retry 30 --retry-connrefused --retry-delay 1 -X "$method" -H 'content-type: application/json' \
    --data "$body" "${RABBITMQ_MANAGEMENT%/}/api/$path" >/dev/null
}

vhost_path="$(printf '%s' "$vhost" | sed 's,%,%25,g; s,/,%2F,g')"

for service in $services; do
  owner="${role_prefix}${service}_owner"
  app="${role_prefix}${service}_app"
  database="${database_prefix}${service}"

  if $databases; then
  psql --no-psqlrc --quiet --set ON_ERROR_STOP=1 --dbname="${PGDATABASE:-postgres}" \
    --set owner="$owner" --set app="$app" --set database="$database" \
    --set owner_password="$(password "$service-owner-password")" \
    --set app_password="$(password "$service-app-password")" <<'SQL'
SELECT format('CREATE ROLE %I', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner')
\gexec
SELECT format('CREATE ROLE %I', :'app') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app')
\gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'owner') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database')
\gexec
ALTER DATABASE :"database" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"app";
\connect :"database"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
-- Tables made earlier (migrated before the roles were split; their sequences follow them), then every later one.
SELECT format('ALTER TABLE public.%I OWNER TO %I', tablename, :'owner') FROM pg_tables WHERE schemaname = 'public' AND tableowner <> :'owner'
\gexec
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";
SQL
    echo "$service: database $database, roles $owner (migrations) and $app (the service)"
  fi

  if $broker; then
    user="${role_prefix}${service}"
    names="^(${service}-.*|justice\\\\..*|JusticePlatform\\\\.Contracts:.*)\$"
    rabbit PUT "users/$user" "{\"password\":\"$(password "$service-rabbitmq-password")\",\"tags\":\"\"}"
    rabbit PUT "permissions/$vhost_path/$user" "{\"configure\":\"$names\",\"write\":\"$names\",\"read\":\"$names\"}"
    echo "$service: broker user $user"
  fi
done
