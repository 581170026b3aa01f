# Apicurio Registry (Confluent-compatible API at /apis/ccompat/v7), schemas stored in PostgreSQL.

# Apicurio 3.3 needs Java 21+. Prefer REGISTRY_JAVA_HOME, then any JDK 21+ on the machine;
# with only Java 17 available, fall back to the 3.0 line, which still runs on it.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
find_registry_java() {
  local candidate
  for candidate in "${REGISTRY_JAVA_HOME:+$REGISTRY_JAVA_HOME/bin/java}" "${JAVA_HOME:+$JAVA_HOME/bin/java}" \
      /usr/lib/jvm/*/bin/java "$(command -v java)"; do
    [ -x "$candidate" ] || continue
    [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null && { echo "$candidate"; return 0; }
  done
  return 1
}
if REGISTRY_JAVA="$(find_registry_java)"; then :; else
  REGISTRY_JAVA="$(command -v java)"
  [ -n "${SWARMGATE_APICURIO_VERSION:-}" ] || APICURIO_VERSION=3.0.9
fi
REGISTRY_HOME="$CACHE_DIR/apicurio-registry-$APICURIO_VERSION"

fetch_registry() {
  [ -f "$REGISTRY_HOME/.complete" ] && return 0
  log "fetching Apicurio Registry $APICURIO_VERSION from Maven Central into $REGISTRY_HOME"
  rm -rf "$REGISTRY_HOME" && mkdir -p "$REGISTRY_HOME"
  mvn -q -B dependency:copy -Dartifact="io.apicurio:apicurio-registry-app:$APICURIO_VERSION:tar.gz:all" \
    -DoutputDirectory="$REGISTRY_HOME"
  tar xzf "$REGISTRY_HOME"/apicurio-registry-app-*.tar.gz -C "$REGISTRY_HOME"
  rm -f "$REGISTRY_HOME"/apicurio-registry-app-*.tar.gz
  touch "$REGISTRY_HOME/.complete"
}

# The JDBC URL for the registry's own database, derived from DATABASE_URL's host and port.
registry_jdbc_url() {
  # shellcheck disable=SC2016 # JavaScript, expanded by node
  node -e 'const u = new URL(process.argv[1]); console.log(`jdbc:postgresql://${u.hostname}:${u.port || 5432}/${process.argv[2]}`)' \
    "$DATABASE_URL" "$REGISTRY_DATABASE"
}

start_registry() {
  local pidfile="$STATE_DIR/registry.pid"
  if pid_alive "$pidfile"; then log "registry already running (pid $(cat "$pidfile"))"; return 0; fi
  registry_ports_free
  fetch_registry
  local user; user="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).username) || "postgres")' "$DATABASE_URL")"
  local password; password="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).password))' "$DATABASE_URL")"
  log "starting schema registry $APICURIO_VERSION with $REGISTRY_JAVA on 127.0.0.1:$REGISTRY_PORT, management on $REGISTRY_MANAGEMENT_PORT (storage: PostgreSQL database $REGISTRY_DATABASE)"
  # shellcheck disable=SC2086 # the heap options are several words
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$REGISTRY_PORT" \
  QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$REGISTRY_MANAGEMENT_PORT" \
  APICURIO_STORAGE_KIND=sql APICURIO_STORAGE_SQL_KIND=postgresql \
  APICURIO_DATASOURCE_URL="$(registry_jdbc_url)" APICURIO_DATASOURCE_USERNAME="$user" \
  APICURIO_DATASOURCE_PASSWORD="$password" \
    "$REGISTRY_JAVA" ${REGISTRY_HEAP_OPTS:--Xmx512m} -jar "$REGISTRY_HOME/quarkus-run.jar" \
    >"$STATE_DIR/logs/registry.out" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local status=0
  wait_for "schema registry" 120 "$pidfile" \
    node "$INFRA_DIR/probe.mjs" registry "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7" || status=$?
  started_or_die "schema registry" 120 "$STATE_DIR/logs/registry.out" "$status"
}
