#!/usr/bin/env bash
# Kills, stops or starts nodes of the Kafka cluster infra/up.sh started in this state directory, to
# watch clients ride out broker failures:
#   infra/broker.sh kill N...    SIGKILL: no shutdown, no flush, as a machine that dies
#   infra/broker.sh stop N...    a clean shutdown (SIGTERM; SIGKILL after 30 s)
#   infra/broker.sh start N...   on the same storage and ports; returns once each node answers
# Nodes are numbered from 1 as in `infra/up.sh --brokers N`.
set -euo pipefail
# shellcheck source=infra/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
# shellcheck source=infra/kafka.sh
source "$INFRA_DIR/kafka.sh"
# shellcheck source=infra/ports.sh
source "$INFRA_DIR/ports.sh"
usage="usage: infra/broker.sh kill|stop|start NODE..."
[ $# -ge 2 ] || die "$usage"
action="$1"; shift
KAFKA_NODES="$(recorded_kafka_nodes)"
kafka_formatted || die "no Kafka storage of $KAFKA_NODES node(s) in $STATE_DIR: run infra/up.sh first"
for node in "$@"; do
  if ! [[ "$node" =~ ^[1-9][0-9]*$ ]] || [ "$node" -gt "$KAFKA_NODES" ]; then
    die "no node $node: the cluster in $STATE_DIR has nodes 1 to $KAFKA_NODES"
  fi
done

case "$action" in
  kill) for node in "$@"; do kill_kafka_node "$node"; done ;;
  stop)
    for node in "$@"; do stop_pid "$(kafka_node_name "$node")" & done
    wait
    ;;
  start)
    for node in "$@"; do start_kafka_node "$node"; done
    for node in "$@"; do wait_kafka_node "$node"; done
    ;;
  *) die "$usage" ;;
esac
