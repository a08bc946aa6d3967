#!/usr/bin/env bash
# RabbitMQ from the OS packages, run by the AppHost in `local` mode (see LocalServers.cs).
# Usage: rabbitmq.sh BASE_DIRECTORY AMQP_PORT MANAGEMENT_PORT
# A node of its own (its name, ports, Erlang port mapper, data and logs under BASE_DIRECTORY), so it
# never meets a RabbitMQ the machine already runs. Listens on 127.0.0.1 only (AMQP, management, the
# Erlang port mapper and distribution port), where the default guest user is allowed. SIGTERM or
# SIGINT stops the node cleanly, then its port mapper.
set -euo pipefail
base="$1"
port="$2"
management="$3"

server="/usr/lib/rabbitmq/bin/rabbitmq-server"
if [ ! -x "$server" ]; then
  echo "RabbitMQ is not installed: apt-get install rabbitmq-server (scripts/run.sh does it)." >&2
  exit 1
fi

mkdir -p "$base/mnesia" "$base/log"
base="$(cd "$base" && pwd)"
printf '[rabbitmq_management].\n' >"$base/enabled_plugins"
cat >"$base/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $management
CONF

# The Erlang cookie lives in HOME: this node's own.
export HOME="$base"
export RABBITMQ_NODENAME="justice-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="$((port + 10000))"
export ERL_EPMD_PORT="$((port + 10001))"
# The port mapper and the distribution port on loopback too: whoever reaches them with the cookie runs code in the node.
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CONFIG_FILE="$base/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$base/mnesia"
export RABBITMQ_LOG_BASE="$base/log"
export RABBITMQ_PID_FILE="$base/rabbitmq.pid"
# Logs go to standard output, which the dashboard shows.
export RABBITMQ_LOGS=-

epmd -port "$ERL_EPMD_PORT" &
mapper=$!
"$server" &
node=$!

stop() { kill -TERM "$node" 2>/dev/null || true; }
trap stop TERM INT

status=0
while kill -0 "$node" 2>/dev/null; do
  wait "$node" || status=$?
done
kill "$mapper" 2>/dev/null || true
wait "$mapper" 2>/dev/null || true
exit "$status"
