# Kafka broker+controller in one JVM (KRaft), sourced by up.sh.
KAFKA_HOME="$CACHE_DIR/kafka-$KAFKA_VERSION"

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

write_kafka_config() {
  local config="$STATE_DIR/kafka/server.properties"
  sed -e "s#@DATA_DIR@#$STATE_DIR/kafka/data#" \
      -e "s#@PORT@#$KAFKA_PORT#g" \
      -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      "$INFRA_DIR/kafka/server.properties" > "$config"
  echo "$config"
}

# Always called in a subshell: exec makes the JVM's pid the subshell's, so pid files name the JVM.
kafka_java() {
  exec java ${KAFKA_HEAP_OPTS:--Xms512m -Xmx1g} -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.yaml" -Dkafka.logs.dir="$STATE_DIR/logs" \
    -cp "$KAFKA_HOME/lib/*" "$@"
}

start_kafka() {
  local pidfile="$STATE_DIR/kafka.pid"
  if pid_alive "$pidfile"; then log "kafka already running (pid $(cat "$pidfile"))"; return 0; fi
  if node "$INFRA_DIR/probe.mjs" kafka "127.0.0.1:$KAFKA_PORT"; then
    die "a broker not started by infra/up.sh answers on 127.0.0.1:$KAFKA_PORT: stop it, or set KAFKA_BROKERS to use it"
  fi
  fetch_kafka
  mkdir -p "$STATE_DIR/kafka"
  local config; config="$(write_kafka_config)"
  if [ ! -f "$STATE_DIR/kafka/data/meta.properties" ]; then
    log "formatting KRaft storage"
    (kafka_java kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$(kafka_java kafka.tools.StorageTool random-uuid)" -c "$config") >"$STATE_DIR/logs/kafka-format.log" 2>&1 \
      || die "kafka storage format failed: see $STATE_DIR/logs/kafka-format.log"
  fi
  log "starting kafka on 127.0.0.1:$KAFKA_PORT"
  (kafka_java kafka.Kafka "$config") >"$STATE_DIR/logs/kafka.out" 2>&1 </dev/null &
  echo $! >"$pidfile"
  wait_for "kafka" 120 node "$INFRA_DIR/probe.mjs" kafka "127.0.0.1:$KAFKA_PORT" \
    || die "kafka did not answer metadata requests in 120 s: see $STATE_DIR/logs/kafka.out"
}
