#!/usr/bin/env bash
# "Cost side by side", 3: a Java HTTP server (bench/programs/BenchServer.java: JDK HttpServer,
# virtual threads, 3-byte answers) under wrk on loopback, three variants in alternating rounds
# (U, J, S, U, J, S, ...), each on a freshly started server that is warmed up before measuring:
#   untraced     the server alone
#   java agent   the server under the OpenTelemetry Java agent 2.33.1 (traces over OTLP/gRPC,
#                metrics and logs off), the agent integration-tests/pom.xml fetches
#   sockscope    the server alone, traced by `sockscope run`: `ebpf: {pids: [server]}` (what the agent
#                sees: the server's own spans) → batch → otlp_grpc
# Both send to the same sink, started once for all rounds: a second Sockscope with an OTLP/gRPC
# receiver → nop on 127.0.0.1:SINK_PORT. Prints requests/s, p99, spans/s that reached the sink, and
# the CPU of the server and of the tracing Sockscope in the measured window.
#   ROUNDS=5 DURATION=10 WARMUP=8 CONNECTIONS=50 bench/java-agent.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-8}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18082}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
SINK_PORT=${SINK_PORT:-4317}
SINK_TELEMETRY_PORT=${SINK_TELEMETRY_PORT:-18889}
AGENT=${AGENT:-"$bench_root/integration-tests/target/agent/opentelemetry-javaagent.jar"}
bench_init
if [[ ! -f "$AGENT" ]]; then
  log "bench: fetching the OpenTelemetry Java agent (integration-tests, generate-test-resources)"
  (cd "$bench_root" && JAVA_HOME="$(dirname "$(dirname "$JAVA")")" mvn -q -pl integration-tests -am -DskipTests generate-test-resources >&2)
fi
compile_programs
start_sink "$SINK_PORT" "$SINK_TELEMETRY_PORT"
url="http://127.0.0.1:$PORT/"

start_server() { # [java options...]; sets server_pid
  require_free_port "$PORT" PORT
  "$JAVA" "$@" -cp "$work/classes" BenchServer "$PORT" 0 >"$work/server.out" 2>&1 &
  server_pid=$!
  track "$server_pid"
  wait_http "$url" 600 || { cat "$work/server.out" >&2; exit 1; }
}

variants=(untraced agent sockscope)
declare -A label=([untraced]="untraced" [agent]="OpenTelemetry Java agent" [sockscope]="Sockscope (pids: [server])")
declare -A rps p99 sps scpu tcpu busy lost
for r in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    case "$v" in
      untraced) start_server ;;
      agent)
        OTEL_SERVICE_NAME=bench-server OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_PROTOCOL=grpc \
          OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
          start_server -javaagent:"$AGENT" ;;
      sockscope)
        start_server
        sockscope_config "$work/tracer.yaml" "{pids: [$server_pid]}" otlp "$SINK_PORT"
        start_sockscope tracer "$work/tracer.yaml" "$TELEMETRY_PORT" ;;
    esac
    run_wrk "$url" "$CONNECTIONS" "$WARMUP" # JIT, the agent's class transformations, connection set-up
    s0=$(metric "$SINK_TELEMETRY_PORT" otelcol_exporter_sent_spans); c0=$(cpu_seconds "$server_pid"); h0=$(host_busy_seconds)
    [[ "$v" == sockscope ]] && k0=$(cpu_seconds "$ss_pid")
    t0=$(date +%s.%N)
    run_wrk "$url" "$CONNECTIONS" "$DURATION"
    t1=$(date +%s.%N)
    s1=$(metric "$SINK_TELEMETRY_PORT" otelcol_exporter_sent_spans); c1=$(cpu_seconds "$server_pid"); h1=$(host_busy_seconds)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    per_s() { awk -v a="$1" -v b="$2" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }'; }
    rps[$v]+="$wrk_rps "; p99[$v]+="$wrk_p99 "; sps[$v]+="$(rate $((s1 - s0)) "$secs") "
    scpu[$v]+="$(per_s "$c0" "$c1") "; busy[$v]+="$(per_s "$h0" "$h1") "
    line="$v $wrk_rps req/s p99 ${wrk_p99}ms, $(rate $((s1 - s0)) "$secs") spans/s at the sink"
    if [[ "$v" == sockscope ]]; then
      tcpu[$v]+="$(per_s "$k0" "$(cpu_seconds "$ss_pid")") "
      lost[$v]+="$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost) "
      line+=", events lost $(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost)"
      stop "$ss_pid"
    fi
    stop "$server_pid"
    log "round $r/$ROUNDS: $line"
  done
done

echo
echo "bench/java-agent.sh: JDK HttpServer (virtual threads, 3-byte body) + wrk -t${WRK_THREADS:-2} -c$CONNECTIONS, loopback, ${WARMUP}s warm-up + ${DURATION}s x $ROUNDS alternating rounds; sink: Sockscope otlp → nop on 127.0.0.1:$SINK_PORT"
machine_line
# shellcheck disable=SC2086
mb=$(median ${rps[untraced]}); pb=$(median ${p99[untraced]})
row "median of $ROUNDS rounds" "requests/s" "vs untraced" "p99 (ms)" "p99 vs unt." "spans/s sink" "server CPU" "tracer CPU" "host CPU"
rule 9
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086
  m=$(median ${rps[$v]}); p=$(median ${p99[$v]})
  # shellcheck disable=SC2086
  row "${label[$v]}" "$(fmt "$m")" "$(ratio "$m" "$mb")" "$p" "$(ratio "$p" "$pb")" "$(fmt "$(median ${sps[$v]})")" \
    "$(median ${scpu[$v]})" "$(if [[ -n "${tcpu[$v]:-}" ]]; then median ${tcpu[$v]}; else echo -; fi)" "$(median ${busy[$v]})"
done
# shellcheck disable=SC2086
echo "(CPU: cores busy during the measured window; the agent's work is inside the server's CPU; Sockscope events lost, highest round: $(printf '%s\n' ${lost[sockscope]} | sort -g | tail -1))"
echo "target: Sockscope's requests/s ratio above the Java agent's"
