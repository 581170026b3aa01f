#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft, SASL/SCRAM, ACLs enforced) and an Apicurio schema registry on
# 127.0.0.1, both fetched from Maven Central, and checks PostgreSQL. Idempotent: what already runs
# is left alone. `infra/up.sh kafka` starts only the broker; `--brokers N` starts a cluster of N
# nodes instead (infra/kafka.sh), whose nodes infra/broker.sh kills and starts. Prints the settings
# to use on stdout, as export lines: eval "$(infra/up.sh)".
set -euo pipefail
# shellcheck source=infra/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
usage="usage: infra/up.sh [all|kafka] [--brokers N]"
services=all
KAFKA_NODES=1
while [ $# -gt 0 ]; do
  case "$1" in
    all | kafka) services="$1" ;;
    --brokers) [ $# -ge 2 ] || die "$usage"; KAFKA_NODES="$2"; shift ;;
    --brokers=*) KAFKA_NODES="${1#--brokers=}" ;;
    *) die "$usage" ;;
  esac
  shift
done
[[ "$KAFKA_NODES" =~ ^[1-9][0-9]*$ ]] || die "--brokers takes a number of nodes, 1 or more: $usage"

command -v java >/dev/null || die "java (17+) is required to run Kafka and the registry"
command -v mvn >/dev/null || die "maven is required to fetch Kafka and the registry from Maven Central"
mkdir -p "$CACHE_DIR" "$STATE_DIR/logs"
log "state directory: $STATE_DIR (data, logs, pids)"

# shellcheck source=infra/kafka.sh
source "$INFRA_DIR/kafka.sh"
# shellcheck source=infra/ports.sh
source "$INFRA_DIR/ports.sh"
check_ports "$services"

# The probes use the project's own node modules (pg, kafkajs): without them every check would fail.
[[ -d "$INFRA_DIR/../node_modules/pg" ]] || die "dependencies are not installed: run 'npm ci' first"

node "$INFRA_DIR/probe.mjs" postgres "$DATABASE_URL" "$REGISTRY_DATABASE" \
  || die "PostgreSQL is not reachable at $DATABASE_URL (set DATABASE_URL)"

# shellcheck source=infra/registry.sh
source "$INFRA_DIR/registry.sh"
start_kafka
[ "$services" = kafka ] || start_registry
log "settings (admin credentials from $KAFKA_CREDENTIALS):"
cat <<SETTINGS
export KAFKA_BROKERS=$(kafka_bootstrap)
export KAFKA_SASL_MECHANISM=scram-sha-512
export KAFKA_SASL_USERNAME=admin
export KAFKA_SASL_PASSWORD=$(kafka_secret user admin)
export SCHEMA_REGISTRY_URL=http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7
export DATABASE_URL=$DATABASE_URL
SETTINGS
