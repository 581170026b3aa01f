# Port checks, sourced by up.sh and broker.sh after env.sh and kafka.sh: a port another process
# already holds is reported at once, by number and name, instead of as a service that never answers.

# port_in_use PORT — something accepts TCP connections on 127.0.0.1:PORT.
port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_port PORT NAME VARIABLE [ALTERNATIVE] — fails unless PORT is a port number nothing
# listens on; VARIABLE moves it, ALTERNATIVE says how to use what runs there instead.
require_free_port() {
  local port="$1" name="$2" variable="$3" alternative="${4:-}"
  if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
    die "port $port ($name) is not a port number: set $variable to one from 1 to 65535"
  fi
  if port_in_use "$port"; then
    die "port $port ($name) is already in use: stop what listens on 127.0.0.1:$port or set $variable to a free port${alternative:+, or $alternative}"
  fi
}

kafka_node_ports_free() {
  local node="$1" label; label="$(kafka_node_label "$1")"
  require_free_port "$(kafka_node_port "$node")" "$label" SWARMGATE_KAFKA_PORT "set KAFKA_BROKERS to use the broker there"
  require_free_port "$(kafka_node_controller_port "$node")" "$label controller" SWARMGATE_KAFKA_CONTROLLER_PORT
}

registry_ports_free() {
  require_free_port "$REGISTRY_PORT" "schema registry" SWARMGATE_REGISTRY_PORT "set SCHEMA_REGISTRY_URL to use the registry there"
  require_free_port "$REGISTRY_MANAGEMENT_PORT" "schema registry management" SWARMGATE_REGISTRY_MANAGEMENT_PORT
}

# check_ports all|kafka — before anything is fetched or started: the ports of every service up.sh
# is to start and that does not run yet. A cluster that runs is left to start_kafka, which says
# when it runs with another number of nodes.
check_ports() {
  local node
  if [ -z "$(KAFKA_NODES="$(recorded_kafka_nodes)" kafka_running_nodes)" ]; then
    for node in $(seq 1 "$KAFKA_NODES"); do kafka_node_ports_free "$node"; done
  fi
  if [ "$1" = all ] && ! pid_alive "$STATE_DIR/registry.pid"; then registry_ports_free; fi
}
