#!/usr/bin/env bash
# The one-command demo: builds the project, starts the sample broker on free ports, runs the sample client against
# it (send, pull back, verify every message), shows the broker's actuator numbers, then stops the broker. Both
# applications trace their calls (Micrometer Tracing with Brave, nothing exported): at the end the demo shows the
# client's trace id of its consumer-group join and the broker's log line of that join, which carries the same trace
# id (and its span id) through the MDC, and fails if it does not.
# Needs only JDK 17 and Maven.
#
#   bash demo.sh                        # 100,000 messages, ASYNC
#   DEMO_COUNT=5000 DEMO_MODE=ONEWAY bash demo.sh
#   DEMO_AOT=1 bash demo.sh             # both applications AOT-processed at build time and run in AOT mode
#
# DEMO_COUNT is the number of messages (default 100000), DEMO_MODE one of SYNC, ASYNC (default) and ONEWAY. With
# DEMO_AOT=1 the build runs Spring's AOT processing (-Paot) and both jars start with -Dspring.aot.enabled=true. The
# exit code is the client's: 0 only when every message was verified, and 1 when the broker's log line of the join
# does not carry the client's trace id. The broker's log goes to a file that is printed (its tail) when something
# fails; the client's output is shown and kept in a file too.
set -euo pipefail
cd "$(dirname "$0")"

count=${DEMO_COUNT:-100000}
mode=${DEMO_MODE:-ASYNC}
aot=${DEMO_AOT:-0}
case "$aot" in
  0) aot_enabled=false aot_note="" ;;
  1) aot_enabled=true aot_note=", in AOT mode" ;;
  *) echo "demo: DEMO_AOT must be 0 or 1, not '$aot'" >&2; exit 2 ;;
esac
start_timeout=${DEMO_START_TIMEOUT:-60}
stop_timeout=${DEMO_STOP_TIMEOUT:-40}

work=$(mktemp -d "${TMPDIR:-/tmp}/remoting-demo.XXXXXX")
broker_log="$work/broker.log"
client_log="$work/client.log"
broker_pid=""
client_pid=""

say() { printf '==> %s\n' "$*"; }

show_broker_log() {
  if [[ -s "$broker_log" ]]; then
    echo "---- last lines of the broker log ($broker_log) ----" >&2
    tail -n 40 "$broker_log" >&2
    echo "----" >&2
  fi
}

# Stops the broker with SIGTERM (it shuts down gracefully) and waits for it to exit; SIGKILL after the timeout.
stop_broker() {
  local pid=$broker_pid
  broker_pid=""
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < stop_timeout * 10)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "demo: the broker did not stop within ${stop_timeout}s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

on_exit() {
  local rc=$?
  if [[ -n "$client_pid" ]] && kill -0 "$client_pid" 2>/dev/null; then
    kill -TERM "$client_pid" 2>/dev/null || true
    wait "$client_pid" 2>/dev/null || true
  fi
  stop_broker
  if ((rc == 0)); then
    rm -rf "$work"
  else
    show_broker_log
    echo "demo: failed (exit code $rc); broker log and data kept in $work" >&2
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The library modules' sources and javadoc jars are not needed to run the demo (mvn verify builds and checks them).
build=(mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package
  -pl sample-broker-app,sample-client-app -am)
if [[ $aot_enabled == true ]]; then
  build+=(-Paot)
fi
say "building (${build[*]})"
"${build[@]}"

exec_jar() {
  local found=("$1"/target/"$1"-*-exec.jar)
  [[ -f "${found[0]}" ]] || { echo "demo: no $1/target/$1-*-exec.jar after the build" >&2; exit 1; }
  echo "${found[0]}"
}
broker_jar=$(exec_jar sample-broker-app)
client_jar=$(exec_jar sample-client-app)

say "starting the broker on free ports$aot_note (log: $broker_log)"
java -Dspring.aot.enabled="$aot_enabled" -jar "$broker_jar" --server.port=0 --remoting.server.port=0 \
  --broker.port-file="$work/ports" --broker.data-dir="$work/data" >"$broker_log" 2>&1 &
broker_pid=$!

# The broker writes the port file once it is ready (atomically, so a non-empty file is complete).
waited=0
until [[ -s "$work/ports" ]]; do
  if ! kill -0 "$broker_pid" 2>/dev/null; then
    wait "$broker_pid" && rc=0 || rc=$?
    broker_pid=""
    echo "demo: the broker exited during start-up (exit code $rc)" >&2
    exit 1
  fi
  if ((waited >= start_timeout * 10)); then
    echo "demo: the broker did not report its ports within ${start_timeout}s" >&2
    exit 1
  fi
  sleep 0.1
  waited=$((waited + 1))
done
http_port=$(sed -n 's/^http\.port=//p' "$work/ports")
remoting_port=$(sed -n 's/^remoting\.port=//p' "$work/ports")
if [[ -z "$http_port" || -z "$remoting_port" ]]; then
  echo "demo: the port file does not name both ports:" >&2
  cat "$work/ports" >&2
  exit 1
fi
say "broker ready: remoting on 127.0.0.1:$remoting_port, HTTP on http://127.0.0.1:$http_port (pid $broker_pid)"

say "running the client: $count messages, $mode$aot_note"
# In the background so that an interrupt reaches the traps at once; they stop both processes.
java -Dspring.aot.enabled="$aot_enabled" -jar "$client_jar" --demo.broker-address="127.0.0.1:$remoting_port" \
  --demo.broker-http-url="http://127.0.0.1:$http_port" --demo.count="$count" --demo.mode="$mode" \
  >"$client_log" 2>&1 &
client_pid=$!
# Shown as it comes; tail ends by itself once the client has exited and its last lines are out.
tail -n +1 -f --pid="$client_pid" "$client_log" &
tail_pid=$!
client_rc=0
wait "$client_pid" || client_rc=$?
client_pid=""
wait "$tail_pid" || true

# One trace through both applications: the client's join of the consumer group (a heartbeat call inside an
# observation) and the broker's handler of that heartbeat, whose log line has Boot's [traceId-spanId].
show_trace() {
  local client_line broker_line trace_id
  client_line=$(grep -m1 'trace of the consumer group join: ' "$client_log" || true)
  trace_id=$(sed -n 's/.*trace of the consumer group join: \([0-9a-f]\{16,32\}\).*/\1/p' <<<"$client_line")
  broker_line=$(grep -m1 ' joined group ' "$broker_log" || true)
  say "one trace through both applications (the consumer-group join):"
  printf '    client: %s\n    broker: %s\n' "${client_line:-(no line)}" "${broker_line:-(no line)}"
  if [[ -z "$trace_id" ]]; then
    echo "demo: the client logged no trace id of its consumer-group join" >&2
    return 1
  fi
  if [[ "$broker_line" != *"[$trace_id-"* ]]; then
    echo "demo: the broker's log line of the join does not carry the client's trace id $trace_id" >&2
    return 1
  fi
}
trace_rc=0
if ((client_rc == 0)); then
  show_trace || trace_rc=1
fi

say "stopping the broker"
stop_broker
if ((client_rc != 0)); then
  echo "demo: the client exited with $client_rc" >&2
  exit "$client_rc"
fi
if ((trace_rc != 0)); then
  exit "$trace_rc"
fi
say "demo passed"
