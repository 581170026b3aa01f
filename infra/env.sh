# Shared settings for infra/up.sh and infra/down.sh. Every value can be overridden from the environment.
KAFKA_VERSION="${SWARMGATE_KAFKA_VERSION:-4.1.1}"
APICURIO_VERSION="${SWARMGATE_APICURIO_VERSION:-3.3.3}"
# Downloaded distributions are cached outside the repository and reused by every checkout.
CACHE_DIR="${SWARMGATE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/swarmgate}"
# Data, logs and pid files of the services this checkout starts.
STATE_DIR="${SWARMGATE_STATE_DIR:-$CACHE_DIR/state}"
KAFKA_PORT="${SWARMGATE_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${SWARMGATE_KAFKA_CONTROLLER_PORT:-9093}"
# Passwords of the local broker's SCRAM users (admin, gate, agents, ...), created with its storage.
KAFKA_CREDENTIALS="$STATE_DIR/kafka/credentials.json"
REGISTRY_PORT="${SWARMGATE_REGISTRY_PORT:-8081}"
# The registry's management interface (health and metrics), on 127.0.0.1 too.
REGISTRY_MANAGEMENT_PORT="${SWARMGATE_REGISTRY_MANAGEMENT_PORT:-9000}"
DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REGISTRY_DATABASE="${SWARMGATE_REGISTRY_DATABASE:-swarmgate_registry}"
INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# pid_running PID — true while PID runs. A SIGKILLed process whose parent is gone stays a zombie
# when nothing reaps it (a container's init may not), and kill -0 still succeeds for a zombie.
pid_running() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }

# pid_alive FILE — true when FILE names a running process.
pid_alive() { [ -f "$1" ] && pid_running "$(cat "$1")"; }

# stop_pid NAME — stops the process of $STATE_DIR/NAME.pid (SIGTERM, SIGKILL after 30 s).
stop_pid() {
  local name="$1" file="$STATE_DIR/$1.pid"
  if ! pid_alive "$file"; then rm -f "$file"; return 0; fi
  local pid; pid="$(cat "$file")"
  kill "$pid"
  for _ in $(seq 1 60); do pid_running "$pid" || break; sleep 0.5; done
  if pid_running "$pid"; then log "$name did not stop in 30 s; killing"; kill -9 "$pid"; fi
  rm -f "$file"
  log "stopped $name (pid $pid)"
}

# wait_for DESCRIPTION TIMEOUT_S PIDFILE COMMAND... — polls COMMAND until it succeeds: status 1
# after TIMEOUT_S, 2 as soon as the process of PIDFILE has exited (it will never answer).
wait_for() {
  local what="$1" timeout="$2" pidfile="$3"; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    pid_alive "$pidfile" || return 2
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
  log "$what is ready"
}

# started_or_die DESCRIPTION TIMEOUT_S LOG STATUS — after wait_for: why it failed, with LOG's end.
started_or_die() {
  local what="$1" timeout="$2" logfile="$3" status="$4"
  [ "$status" -eq 0 ] && return 0
  tail -n 5 "$logfile" >&2 2>/dev/null || true
  if [ "$status" -eq 2 ]; then die "$what exited while starting: see $logfile"; fi
  die "$what did not answer in $timeout s: see $logfile"
}
