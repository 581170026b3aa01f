#!/usr/bin/env bash
# Stops exactly the processes infra/up.sh started (by their pid files), nothing else.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

stop_pid() {
  local name="$1" file="$STATE_DIR/$1.pid"
  if ! pid_alive "$file"; then rm -f "$file"; return 0; fi
  local pid; pid="$(cat "$file")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s; killing"; kill -9 "$pid"; fi
  rm -f "$file"
  log "stopped $name (pid $pid)"
}

# The registry stores its schemas in Kafka-independent PostgreSQL, but stop it first anyway.
stop_pid registry
stop_pid kafka
