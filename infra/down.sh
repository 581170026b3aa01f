#!/usr/bin/env bash
# Stops exactly the processes infra/up.sh started (by their pid files), nothing else.
set -euo pipefail
# shellcheck source=infra/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# The registry stores its schemas in Kafka-independent PostgreSQL, but stop it first anyway.
stop_pid registry
# Every Kafka node at once: stopped one by one, the last ones would wait for a quorum already gone.
for pidfile in "$STATE_DIR"/kafka.pid "$STATE_DIR"/kafka-*.pid; do
  [ -e "$pidfile" ] || continue
  name="$(basename "$pidfile" .pid)"
  stop_pid "$name" &
done
wait
