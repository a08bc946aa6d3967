# Local PostgreSQL, RabbitMQ and Redis for machines without a container engine.
# Sourced by scripts/run.sh and scripts/test.sh. Installs from the OS packages when missing,
# starts what is not running, and remembers what it started so that stop_local_servers stops
# only that.

POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}"
POSTGRES_ADMIN="Host=127.0.0.1;Port=5432;Username=postgres;Password=${POSTGRES_PASSWORD}"
RABBITMQ_AMQP="amqp://guest:guest@127.0.0.1:5672"
RABBITMQ_MANAGEMENT="http://guest:guest@127.0.0.1:15672"
# The node this script starts. Named after localhost, not the machine's host name, because its
# Erlang port mapper listens on 127.0.0.1 only and the command-line tools must find it there.
RABBITMQ_LOCAL_NODE="rabbit@localhost"
RABBITMQ_DIST_PORT_LOCAL=25672
REDIS_PORT_LOCAL=6379
REDIS_LOCAL="127.0.0.1:${REDIS_PORT_LOCAL}"
STARTED_POSTGRES=""
STARTED_RABBITMQ=""
STARTED_REDIS=""

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

postgres_cluster() {
  # "15 main" for the first cluster pg_lsclusters lists.
  pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2}'
}

start_postgres() {
  if ! command -v pg_lsclusters >/dev/null || [ -z "$(postgres_cluster)" ]; then
    echo "Installing PostgreSQL from the OS packages..."
    apt_install postgresql
  fi
  local cluster
  cluster="$(postgres_cluster)"
  if ! pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
    echo "Starting PostgreSQL ${cluster}..."
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster start
    STARTED_POSTGRES="$cluster"
  fi
  for _ in $(seq 1 30); do
    as_root runuser -u postgres -- psql -qtAc "select 1" >/dev/null 2>&1 && break
    sleep 1
  done
  as_root runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD '${POSTGRES_PASSWORD}'" >/dev/null
  # Tests run many services side by side, each with its own connection pool.
  if [ "$(as_root runuser -u postgres -- psql -qtAc 'show max_connections')" -lt 300 ]; then
    as_root runuser -u postgres -- psql -qc "ALTER SYSTEM SET max_connections = 300" >/dev/null
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $cluster restart
  fi
}

rabbitmq_answers() {
  curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1
}

# The environment of a RabbitMQ node that listens on loopback only: AMQP, management, the Erlang
# distribution port and the Erlang port mapper (epmd, which the node starts when none runs). Anyone
# who reaches epmd and the distribution port of a node with a guessable cookie runs code in it.
# Usage: rabbitmq_loopback NODE_NAME DIST_PORT MANAGEMENT_PORT COMMAND...
rabbitmq_loopback() {
  local node="$1" dist="$2" management="$3"
  shift 3
  as_root env \
    RABBITMQ_NODENAME="$node" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_DIST_PORT="$dist" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} -rabbitmq_management tcp_config [{ip,\"127.0.0.1\"},{port,$management}]" \
    "$@"
}

# Fails (and says what listens where) when a port is bound to anything but loopback.
# Usage: assert_loopback_only PORT...
assert_loopback_only() {
  command -v ss >/dev/null || apt_install iproute2
  local port exposed="" listening
  for port in "$@"; do
    listening="$(ss -Hltn "sport = :$port" | awk '{print $4}')"
    [ -n "$listening" ] || { echo "Nothing listens on port $port." >&2; exposed=1; continue; }
    # epmd adds ::1 to the address it is given: loopback too.
    if grep -Ev "^(127\.0\.0\.1|\[::1\]):$port\$" <<<"$listening" | grep -q .; then
      echo "Port $port listens beyond loopback: $(tr '\n' ' ' <<<"$listening")" >&2
      exposed=1
    fi
  done
  [ -z "$exposed" ]
}

# The local RabbitMQ's port mapper and distribution port answer on 127.0.0.1 only.
check_rabbitmq_loopback() {
  assert_loopback_only 4369 "$RABBITMQ_DIST_PORT_LOCAL" 5672 15672 || {
    echo "RabbitMQ listens beyond loopback; stop it and its port mapper (rabbitmqctl stop; epmd -kill) and let this script start it." >&2
    return 1
  }
}

start_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null; then
    echo "Installing RabbitMQ from the OS packages..."
    apt_install rabbitmq-server
  fi
  command -v curl >/dev/null || apt_install curl
  if ! rabbitmq_answers; then
    # The management API is how tests make their own virtual hosts and read queues.
    # Every Erlang command here starts epmd when none runs: each gets the loopback environment,
    # or the first of them would leave epmd listening on every address for the node to reuse.
    if rabbitmq_loopback "$RABBITMQ_LOCAL_NODE" "$RABBITMQ_DIST_PORT_LOCAL" 15672 rabbitmqctl -q -n "$RABBITMQ_LOCAL_NODE" status >/dev/null 2>&1; then
      rabbitmq_loopback "$RABBITMQ_LOCAL_NODE" "$RABBITMQ_DIST_PORT_LOCAL" 15672 rabbitmq-plugins -n "$RABBITMQ_LOCAL_NODE" enable rabbitmq_management >/dev/null
    else
      rabbitmq_loopback "$RABBITMQ_LOCAL_NODE" "$RABBITMQ_DIST_PORT_LOCAL" 15672 rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
      echo "Starting RabbitMQ (on 127.0.0.1 only)..."
      rabbitmq_loopback "$RABBITMQ_LOCAL_NODE" "$RABBITMQ_DIST_PORT_LOCAL" 15672 rabbitmq-server -detached
      STARTED_RABBITMQ=1
    fi
    for _ in $(seq 1 90); do
      rabbitmq_answers && break
      sleep 1
    done
    rabbitmq_answers || { echo "RabbitMQ did not start; see /var/log/rabbitmq." >&2; return 1; }
  fi
}

redis_answers() {
  [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT_LOCAL" ping 2>/dev/null)" = PONG ]
}

# Redis for the gateway's shared rate limits: on 127.0.0.1 only, nothing written to disk (the
# counters live for a window at most), stopped by stop_local_servers when this script started it.
start_redis() {
  if ! command -v redis-server >/dev/null; then
    echo "Installing Redis from the OS packages..."
    apt_install redis-server
  fi
  if ! redis_answers; then
    echo "Starting Redis (on 127.0.0.1 only)..."
    as_root redis-server --bind 127.0.0.1 --port "$REDIS_PORT_LOCAL" --protected-mode yes \
      --save "" --appendonly no --daemonize yes --logfile /tmp/justice-redis.log
    STARTED_REDIS=1
    for _ in $(seq 1 30); do
      redis_answers && break
      sleep 1
    done
    redis_answers || { echo "Redis did not start; see /tmp/justice-redis.log." >&2; return 1; }
  fi
}

ensure_chromium() {
  # The API reference page is tested in a real browser.
  command -v chromium >/dev/null || { echo "Installing Chromium from the OS packages..."; apt_install chromium; }
}

ensure_node() {
  # The TypeScript client contract test (tests/ClientContractTests/typescript) and the OpenAPI lint run on Node.js.
  { command -v node >/dev/null && command -v npm >/dev/null; } || { echo "Installing Node.js and npm from the OS packages..."; apt_install nodejs npm; }
}

stop_local_servers() {
  if [ -n "$STARTED_REDIS" ]; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT_LOCAL" shutdown nosave >/dev/null 2>&1 || true
    STARTED_REDIS=""
  fi
  if [ -n "$STARTED_RABBITMQ" ]; then
    as_root rabbitmqctl -q -n "$RABBITMQ_LOCAL_NODE" stop >/dev/null 2>&1 || true
    STARTED_RABBITMQ=""
  fi
  if [ -n "$STARTED_POSTGRES" ]; then
    # shellcheck disable=SC2086
    as_root pg_ctlcluster --skip-systemctl-redirect $STARTED_POSTGRES stop >/dev/null 2>&1 || true
    STARTED_POSTGRES=""
  fi
}
