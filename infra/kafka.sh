# Kafka broker+controller in one JVM (KRaft), sourced by up.sh. Clients log in with SCRAM-SHA-512;
# the StandardAuthorizer denies whatever no ACL allows (`swarmgate acls` grants the least set).
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"
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

write_kafka_config() {
  local config="$STATE_DIR/kafka/server.properties"
  (
    umask 077
    sed -e "s#@DATA_DIR@#$STATE_DIR/kafka/data#" \
        -e "s#@PORT@#$KAFKA_PORT#g" \
        -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
        -e "s#@ADMIN_PASSWORD@#$(kafka_secret user admin)#" \
        -e "s#@CONTROLLER_PASSWORD@#$(kafka_secret controller)#g" \
        "$INFRA_DIR/kafka/server.properties" > "$config"
  )
  echo "$config"
}

# Always called in a subshell: exec makes the JVM's pid the subshell's, so pid files name the JVM.
kafka_java() {
  exec java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.yaml" -Dkafka.logs.dir="$STATE_DIR/logs" \
    -cp "$KAFKA_HOME/lib/*" "$@"
}

kafka_secured() { [ "$(cat "$KAFKA_SECURITY_STAMP" 2>/dev/null)" = "$KAFKA_SECURITY" ]; }

# A state directory from before SASL holds data a secured broker cannot take over: start afresh.
reset_unsecured_storage() {
  [ -f "$STATE_DIR/kafka/data/meta.properties" ] && ! kafka_secured || return 0
  log "the Kafka storage in $STATE_DIR was formatted without SASL users: reformatting it (its topics are dropped)"
  rm -rf "$STATE_DIR/kafka/data" "$KAFKA_CREDENTIALS"
}

format_kafka_storage() {
  local config="$1" user scram=()
  for user in "${KAFKA_USERS[@]}"; do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=$(kafka_secret user "$user")]")
  done
  log "formatting KRaft storage with SCRAM users: ${KAFKA_USERS[*]}"
  (kafka_java kafka.tools.StorageTool format --standalone -t "$(kafka_java kafka.tools.StorageTool random-uuid)" \
    -c "$config" "${scram[@]}") >"$STATE_DIR/logs/kafka-format.log" 2>&1 \
    || die "kafka storage format failed: see $STATE_DIR/logs/kafka-format.log"
  echo "$KAFKA_SECURITY" >"$KAFKA_SECURITY_STAMP"
}

start_kafka() {
  local pidfile="$STATE_DIR/kafka.pid"
  if pid_alive "$pidfile"; then
    kafka_secured || die "kafka (pid $(cat "$pidfile")) runs on storage formatted without SASL: run infra/down.sh, then infra/up.sh"
    log "kafka already running (pid $(cat "$pidfile"))"
    return 0
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if node "$INFRA_DIR/probe.mjs" port "127.0.0.1:$port"; then
      die "a process not started by infra/up.sh listens on 127.0.0.1:$port: stop it, or set KAFKA_BROKERS to use it"
    fi
  done
  fetch_kafka
  mkdir -p "$STATE_DIR/kafka"
  reset_unsecured_storage
  [ -f "$KAFKA_CREDENTIALS" ] || write_kafka_credentials
  local config; config="$(write_kafka_config)"
  [ -f "$STATE_DIR/kafka/data/meta.properties" ] || format_kafka_storage "$config"
  log "starting kafka on 127.0.0.1:$KAFKA_PORT (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs enforced)"
  (kafka_java kafka.Kafka "$config") >"$STATE_DIR/logs/kafka.out" 2>&1 </dev/null &
  echo $! >"$pidfile"
  wait_for "kafka" 120 node "$INFRA_DIR/probe.mjs" kafka "127.0.0.1:$KAFKA_PORT" "$KAFKA_CREDENTIALS" \
    || die "kafka did not answer metadata requests in 120 s: see $STATE_DIR/logs/kafka.out"
}
