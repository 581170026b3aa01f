# Kafka in KRaft mode, each node broker and controller in one JVM, sourced by up.sh and broker.sh.
# Clients log in with SCRAM-SHA-512; the StandardAuthorizer denies whatever no ACL allows
# (`swarmgate acls` grants the least set). KAFKA_NODES nodes (default 1) form one cluster; node i
# listens on KAFKA_PORT + 2(i-1) and its controller on KAFKA_CONTROLLER_PORT + 2(i-1).
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
KAFKA_NODES="${KAFKA_NODES:-1}"
# The number of nodes up.sh started last, for broker.sh.
KAFKA_NODES_FILE="$STATE_DIR/kafka/brokers"
# Written once the storage holds the SCRAM users: a state directory without it was formatted for
# an older, unsecured broker and is reformatted.
KAFKA_SECURITY_STAMP="$STATE_DIR/kafka/security"
KAFKA_SECURITY="scram-sha-512+standard-authorizer v1"
# One SCRAM user per component principal; `swarmgate acls` grants each its least privileges.
KAFKA_USERS=(admin gate projector api upstream operator analyst fraud aml-monitor advisor compliance responder)

# The cache is valid for one version of infra/pom.xml; editing the pom refetches.
fetch_kafka() {
  local stamp; stamp="$(sha256sum "$INFRA_DIR/pom.xml" | cut -c1-16)"
  [ "$(cat "$KAFKA_HOME/.complete" 2>/dev/null)" = "$stamp" ] && return 0
  log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $KAFKA_HOME"
  rm -rf "$KAFKA_HOME"
  mvn -q -B -f "$INFRA_DIR/pom.xml" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/lib"
  echo "$stamp" >"$KAFKA_HOME/.complete"
}

random_password() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Random passwords for this state directory, readable by its owner only.
write_kafka_credentials() {
  local user sep=''
  (
    umask 077
    {
      printf '{\n  "mechanism": "scram-sha-512",\n  "controller": "%s",\n  "users": {' "$(random_password)"
      for user in "${KAFKA_USERS[@]}"; do
        printf '%s\n    "%s": "%s"' "$sep" "$user" "$(random_password)"
        sep=','
      done
      printf '\n  }\n}\n'
    } >"$KAFKA_CREDENTIALS"
  )
}

# kafka_secret controller | kafka_secret user NAME — a password from credentials.json.
kafka_secret() {
  node -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const v = process.argv[2] === "controller" ? c.controller : c.users[process.argv[3]];
    if (!v) process.exit(1); console.log(v);' "$KAFKA_CREDENTIALS" "$@"
}

recorded_kafka_nodes() { cat "$KAFKA_NODES_FILE" 2>/dev/null || echo 1; }

# A single node keeps the paths the single broker always had; of several, each has its own.
kafka_node_dir() {
  if [ "$KAFKA_NODES" -eq 1 ]; then echo "$STATE_DIR/kafka"; else echo "$STATE_DIR/kafka/node-$1"; fi
}
kafka_node_logs() {
  if [ "$KAFKA_NODES" -eq 1 ]; then echo "$STATE_DIR/logs"; else echo "$STATE_DIR/logs/kafka-$1"; fi
}
# Its pid file is $STATE_DIR/NAME.pid.
kafka_node_name() { if [ "$KAFKA_NODES" -eq 1 ]; then echo kafka; else echo "kafka-$1"; fi; }
kafka_node_port() { echo $((KAFKA_PORT + 2 * ($1 - 1))); }
kafka_node_controller_port() { echo $((KAFKA_CONTROLLER_PORT + 2 * ($1 - 1))); }
kafka_node_pidfile() { echo "$STATE_DIR/$(kafka_node_name "$1").pid"; }
kafka_node_label() { if [ "$KAFKA_NODES" -eq 1 ]; then echo kafka; else echo "kafka node $1"; fi; }

# join_nodes FUNCTION — FUNCTION's output for every node, comma-separated.
join_nodes() {
  local node list=''
  for node in $(seq 1 "$KAFKA_NODES"); do list+="${list:+,}$("$1" "$node")"; done
  echo "$list"
}
kafka_node_address() { echo "127.0.0.1:$(kafka_node_port "$1")"; }
kafka_node_controller() { echo "127.0.0.1:$(kafka_node_controller_port "$1")"; }
kafka_bootstrap() { join_nodes kafka_node_address; }

write_kafka_config() {
  local node="$1" dir; dir="$(kafka_node_dir "$1")"
  # Three copies of each partition, two of them to acknowledge a write, as far as there are nodes.
  local replicas=$((KAFKA_NODES < 3 ? KAFKA_NODES : 3)) min_isr=$((KAFKA_NODES < 2 ? KAFKA_NODES : 2))
  mkdir -p "$dir"
  (
    umask 077
    sed -e "s#@DATA_DIR@#$dir/data#" \
        -e "s#@NODE_ID@#$node#" \
        -e "s#@PORT@#$(kafka_node_port "$node")#g" \
        -e "s#@CONTROLLER_PORT@#$(kafka_node_controller_port "$node")#g" \
        -e "s#@CONTROLLER_QUORUM@#$(join_nodes kafka_node_controller)#" \
        -e "s#@REPLICATION_FACTOR@#$replicas#g" \
        -e "s#@MIN_ISR@#$min_isr#g" \
        -e "s#@ADMIN_PASSWORD@#$(kafka_secret user admin)#" \
        -e "s#@CONTROLLER_PASSWORD@#$(kafka_secret controller)#g" \
        "$INFRA_DIR/kafka/server.properties" > "$dir/server.properties"
  )
  echo "$dir/server.properties"
}

# kafka_java LOG_DIR ARGS... — always called in a subshell: exec makes the JVM's pid the subshell's,
# so pid files name the JVM.
kafka_java() {
  local logs="$1"; shift
  # shellcheck disable=SC2086 # the heap options are several words
  exec java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.yaml" -Dkafka.logs.dir="$logs" \
    -cp "$KAFKA_HOME/lib/*" "$@"
}

kafka_uuid() { (kafka_java "$STATE_DIR/logs" kafka.tools.StorageTool random-uuid); }

kafka_secured() { [ "$(cat "$KAFKA_SECURITY_STAMP" 2>/dev/null)" = "$KAFKA_SECURITY" ]; }

# A state directory from before SASL holds data a secured broker cannot take over: start afresh.
# New passwords invalidate every node's storage, whose SCRAM users were formatted with the old ones.
reset_unsecured_storage() {
  [ -f "$STATE_DIR/kafka/data/meta.properties" ] && ! kafka_secured || return 0
  log "the Kafka storage in $STATE_DIR was formatted without SASL users: reformatting it (its topics are dropped)"
  rm -rf "$STATE_DIR/kafka/data" "$STATE_DIR"/kafka/node-* "$KAFKA_CREDENTIALS"
}

# Every node has storage, formatted for a quorum of exactly KAFKA_NODES (no node beyond them).
kafka_formatted() {
  local node
  for node in $(seq 1 "$KAFKA_NODES"); do
    [ -f "$(kafka_node_dir "$node")/data/meta.properties" ] || return 1
  done
  [ "$KAFKA_NODES" -eq 1 ] || [ ! -d "$STATE_DIR/kafka/node-$((KAFKA_NODES + 1))" ]
}

# format_node NODE ARGS... — formats one node's storage with the SCRAM users and ARGS.
format_node() {
  local node="$1" user scram=() logs; logs="$(kafka_node_logs "$1")"; shift
  for user in "${KAFKA_USERS[@]}"; do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(kafka_secret user "$user")]")
  done
  mkdir -p "$logs"
  (kafka_java "$logs" kafka.tools.StorageTool format -c "$(write_kafka_config "$node")" "$@" "${scram[@]}") \
    >"$logs/kafka-format.log" 2>&1 || die "kafka storage format failed: see $logs/kafka-format.log"
}

# One node is its own quorum; several are formatted with the same cluster id and the list of all
# of them as the initial controllers (KIP-853), each with its own metadata directory id.
format_kafka_storage() {
  local cluster node quorum=''; cluster="$(kafka_uuid)"
  log "formatting KRaft storage of $KAFKA_NODES node(s) with SCRAM users: ${KAFKA_USERS[*]}"
  if [ "$KAFKA_NODES" -eq 1 ]; then
    format_node 1 --standalone -t "$cluster"
    echo "$KAFKA_SECURITY" >"$KAFKA_SECURITY_STAMP"
    return 0
  fi
  if [ -d "$STATE_DIR/kafka/node-1" ]; then
    log "the Kafka nodes in $STATE_DIR were formatted for another quorum: reformatting them (their topics are dropped)"
    rm -rf "$STATE_DIR"/kafka/node-*
  fi
  for node in $(seq 1 "$KAFKA_NODES"); do
    quorum+="${quorum:+,}$node@$(kafka_node_controller "$node"):$(kafka_uuid)"
  done
  for node in $(seq 1 "$KAFKA_NODES"); do format_node "$node" -t "$cluster" --initial-controllers "$quorum"; done
}

kafka_running_nodes() {
  local node
  for node in $(seq 1 "$KAFKA_NODES"); do
    if pid_alive "$(kafka_node_pidfile "$node")"; then echo "$node"; fi
  done
}

# Launches one node on its storage unless it runs; wait_kafka_node waits for it to answer.
start_kafka_node() {
  local node="$1" pidfile; pidfile="$(kafka_node_pidfile "$1")"
  if pid_alive "$pidfile"; then
    log "$(kafka_node_label "$node") already running (pid $(cat "$pidfile"))"
    return 0
  fi
  kafka_node_ports_free "$node"
  local config logs; config="$(write_kafka_config "$node")"; logs="$(kafka_node_logs "$node")"
  mkdir -p "$logs"
  log "starting $(kafka_node_label "$node") on $(kafka_node_address "$node") (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs enforced)"
  (kafka_java "$logs" kafka.Kafka "$config") >"$logs/kafka.out" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

wait_kafka_node() {
  local node="$1" status=0
  wait_for "$(kafka_node_label "$node")" 120 "$(kafka_node_pidfile "$node")" \
    node "$INFRA_DIR/probe.mjs" kafka "$(kafka_node_address "$node")" "$KAFKA_CREDENTIALS" || status=$?
  started_or_die "$(kafka_node_label "$node")" 120 "$(kafka_node_logs "$node")/kafka.out" "$status"
}

# SIGKILL: no shutdown, no flush, as a machine that dies. Returns once the process is gone.
kill_kafka_node() {
  local node="$1" pidfile pid; pidfile="$(kafka_node_pidfile "$1")"
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; log "$(kafka_node_label "$node") is not running"; return 0; fi
  pid="$(cat "$pidfile")"
  kill -9 "$pid"
  while pid_running "$pid"; do sleep 0.1; done
  rm -f "$pidfile"
  log "killed $(kafka_node_label "$node") (pid $pid)"
}

# Starts every node not running yet, then waits until each answers: a quorum needs most of them up.
start_kafka() {
  local running; running="$(KAFKA_NODES="$(recorded_kafka_nodes)" kafka_running_nodes)"
  if [ -n "$running" ] && [ "$(recorded_kafka_nodes)" != "$KAFKA_NODES" ]; then
    die "kafka runs with $(recorded_kafka_nodes) node(s) from $STATE_DIR: run infra/down.sh before starting $KAFKA_NODES"
  fi
  if [ "$KAFKA_NODES" -eq 1 ] && [ -n "$running" ] && ! kafka_secured; then
    die "kafka (pid $(cat "$(kafka_node_pidfile 1)")) runs on storage formatted without SASL: run infra/down.sh, then infra/up.sh"
  fi
  fetch_kafka
  mkdir -p "$STATE_DIR/kafka"
  [ -n "$running" ] || reset_unsecured_storage
  [ -f "$KAFKA_CREDENTIALS" ] || write_kafka_credentials
  kafka_formatted || format_kafka_storage
  echo "$KAFKA_NODES" >"$KAFKA_NODES_FILE"
  local node
  for node in $(seq 1 "$KAFKA_NODES"); do start_kafka_node "$node"; done
  for node in $(seq 1 "$KAFKA_NODES"); do wait_kafka_node "$node"; done
}
