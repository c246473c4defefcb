#!/usr/bin/env bash
# "Cost side by side", 2: a realistic handler. wrk → nginx (proxy_pass, keep-alive upstream) → a
# JDK HttpServer (bench/programs/BenchServer.java, virtual threads) that sleeps SLEEP_MS (1 ms) per
# request. A fixed, small number of connections keeps throughput latency-bound (about CONNECTIONS /
# (SLEEP_MS + a little) requests/s), with CPU to spare, as a wrk2-style fixed load would.
# Two variants in alternating rounds (U, T, U, T, ...):
#   untraced   no Sockscope
#   traced     `sockscope run`, `ebpf: {}` (every process: wrk, nginx both ways, the JVM) → batch → EXPORTER
# EXPORTER: nop (default) or otlp (otlp_grpc to a second Sockscope, otlp → nop, on SINK_PORT).
# Each traced round first runs WARMUP seconds of the same load (JIT compilation), then measures.
#   ROUNDS=5 DURATION=15 WARMUP=10 CONNECTIONS=20 SLEEP_MS=1 EXPORTER=nop bench/backend.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-20}
SLEEP_MS=${SLEEP_MS:-1}
WARMUP=${WARMUP:-10}
SETTLE=${SETTLE:-2}
EXPORTER=${EXPORTER:-nop}
PORT=${PORT:-18080}
UPSTREAM_PORT=${UPSTREAM_PORT:-18081}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
SINK_PORT=${SINK_PORT:-4317}
SINK_TELEMETRY_PORT=${SINK_TELEMETRY_PORT:-18889}
bench_init
compile_programs
require_free_port "$UPSTREAM_PORT" UPSTREAM_PORT
"$JAVA" -cp "$work/classes" BenchServer "$UPSTREAM_PORT" "$SLEEP_MS" >"$work/upstream.out" 2>&1 &
upstream_pid=$!
track "$upstream_pid"
wait_http "http://127.0.0.1:$UPSTREAM_PORT/" 200
start_nginx "$PORT" 'proxy_pass http://upstream; proxy_http_version 1.1; proxy_set_header Connection "";' \
  "upstream upstream { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }"
url="http://127.0.0.1:$PORT/"
exclude=""
if [[ "$EXPORTER" == otlp ]]; then
  start_sink "$SINK_PORT" "$SINK_TELEMETRY_PORT"
  exclude="exclude: {ports: [$SINK_PORT]}"
fi
sockscope_config "$work/traced.yaml" "{$exclude}" "$EXPORTER" "$SINK_PORT"
log "warming up the upstream JVM for ${WARMUP}s"
run_wrk "$url" "$CONNECTIONS" "$WARMUP"

variants=(untraced traced)
declare -A label=([untraced]="untraced" [traced]="every process traced")
declare -A rps p99 xps lost cores busy
for r in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    if [[ "$v" == untraced ]]; then
      h0=$(host_busy_seconds); t0=$(date +%s.%N)
      run_wrk "$url" "$CONNECTIONS" "$DURATION"
      line="untraced $wrk_rps req/s p99 ${wrk_p99}ms"
    else
      start_sockscope "$v" "$work/$v.yaml" "$TELEMETRY_PORT"
      sleep "$SETTLE"
      warm_up "$url" "$CONNECTIONS"
      l0=$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost); r0=$(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised)
      x0=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c0=$(cpu_seconds "$ss_pid"); h0=$(host_busy_seconds); t0=$(date +%s.%N)
      run_wrk "$url" "$CONNECTIONS" "$DURATION"
      x1=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c1=$(cpu_seconds "$ss_pid"); r1=$(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised)
      l=$(($(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost) - l0))
    fi
    h1=$(host_busy_seconds); t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    busy[$v]+="$(awk -v a="$h0" -v b="$h1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }') "
    if [[ "$v" != untraced ]]; then
      xps[$v]+="$(rate $((x1 - x0)) "$secs") "; lost[$v]+="$l "
      cores[$v]+="$(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }') "
      stop "$ss_pid"
      line="$v $wrk_rps req/s p99 ${wrk_p99}ms, $(rate $((x1 - x0)) "$secs") exchanges/s, lost $l, cpu_priority raised $((r1 - r0))x"
    fi
    rps[$v]+="$wrk_rps "; p99[$v]+="$wrk_p99 "
    log "round $r/$ROUNDS: $line"
  done
done

echo
echo "bench/backend.sh: wrk -t${WRK_THREADS:-2} -c$CONNECTIONS → nginx (1 worker, proxy_pass, keep-alive) → JDK HttpServer (virtual threads, sleeps ${SLEEP_MS} ms), loopback, ${DURATION}s x $ROUNDS alternating rounds (traced ones after ${WARMUP:-10}s of the same load); traced: ebpf → batch → $EXPORTER"
machine_line
variant_table "${variants[@]}"
echo "target: every process traced ≥ 0.99 of untraced requests/s"
