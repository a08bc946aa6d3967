#!/usr/bin/env bash
# Adds the migration NAME to a service for both database providers, in the service's migrations
# projects (services/Migrations/<Service>.Postgres and .SqlServer), then checks that neither provider
# has a model change left without a migration. Needs no database server; needs dotnet-ef
# (dotnet tool install --global dotnet-ef). Read both generated migrations before committing them.
#
#   scripts/add-migration.sh Beneficiaries ConsentWithdrawal
#
# To take back a migration that has not been shared: dotnet ef migrations remove with the same
# --project, --startup-project and --context, for both providers.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES="Activities Beneficiaries Funding Grievances Identity"
usage() {
  echo "usage: $0 <$(echo "$SERVICES" | tr ' ' '|')> <MigrationName>" >&2
  exit 2
}
[ $# -eq 2 ] || usage
service=$1
name=$2
case " $SERVICES " in *" $service "*) ;; *) usage ;; esac
[[ $name =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "$0: the name is a C# class name, e.g. ConsentWithdrawal" >&2; exit 2; }

if command -v dotnet-ef >/dev/null; then
  ef=dotnet-ef
elif [ -x "$HOME/.dotnet/tools/dotnet-ef" ]; then
  ef="$HOME/.dotnet/tools/dotnet-ef"
else
  echo "$0: dotnet-ef is missing: dotnet tool install --global dotnet-ef" >&2
  exit 1
fi

# The migrations project is its own startup project: its design-time factory builds the context
# without a server, with the project's assembly as the migrations assembly.
ef_options() {
  local project="services/Migrations/$service.$1"
  echo --project "$project" --startup-project "$project" --context "$1${service}DbContext"
}

for provider in Postgres SqlServer; do
  echo "== $service, $provider: adding $name"
  # shellcheck disable=SC2046
  "$ef" migrations add "$name" $(ef_options "$provider") \
    --output-dir Migrations --namespace "JusticePlatform.$service.Migrations.$provider"
done

for provider in Postgres SqlServer; do
  echo "== $service, $provider: model changes without a migration?"
  # shellcheck disable=SC2046
  "$ef" migrations has-pending-model-changes $(ef_options "$provider")
done
echo "Added $name to $service for PostgreSQL and SQL Server; read both before committing."
