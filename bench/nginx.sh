#!/usr/bin/env bash
# "Cost side by side", 1: nginx + wrk on loopback, tiny responses (the worst case: almost all the
# work is socket calls, so per-call probe cost shows most). Three variants in alternating rounds
# (U, A, N, U, A, N, ...):
#   untraced   no Sockscope
#   all        `sockscope run`, `ebpf: {}` (every process: wrk's client side and nginx's server side)
#   nginx      the same, `ebpf: {pids: [nginx master and worker]}` (in-kernel pid filter)
# both ebpf → batch → EXPORTER: `nop` (default: drops after batching; no OTLP encoding, no network)
# or `otlp` (otlp_grpc to a second Sockscope, otlp receiver → nop, on 127.0.0.1:SINK_PORT; its port
# is excluded from tracing so its own traffic is not traced).
# Prints medians of requests/s and wrk's p99, ratios to untraced, and from Sockscope's own metrics
# exchanges/s, kernel events lost and Sockscope's CPU in the measured window.
# Each traced round first runs WARMUP seconds of the same load (JIT compilation), then measures.
#   ROUNDS=5 DURATION=10 WARMUP=10 CONNECTIONS=50 EXPORTER=nop bench/nginx.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
SETTLE=${SETTLE:-2}
EXPORTER=${EXPORTER:-nop}
PORT=${PORT:-18080}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
SINK_PORT=${SINK_PORT:-4317}
SINK_TELEMETRY_PORT=${SINK_TELEMETRY_PORT:-18889}
bench_init
start_nginx "$PORT" 'return 200 "ok";'
url="http://127.0.0.1:$PORT/"
exclude=""
if [[ "$EXPORTER" == otlp ]]; then
  start_sink "$SINK_PORT" "$SINK_TELEMETRY_PORT"
  exclude="exclude: {ports: [$SINK_PORT]}"
fi
sockscope_config "$work/all.yaml" "{$exclude}" "$EXPORTER" "$SINK_PORT"
sockscope_config "$work/nginx.yaml" "{pids: [$(nginx_pids)]${exclude:+, $exclude}}" "$EXPORTER" "$SINK_PORT"
variants=(untraced all nginx)
declare -A label=([untraced]="untraced" [all]="every process traced" [nginx]="only nginx traced (pids)")
declare -A rps p99 xps lost cores busy

for r in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    if [[ "$v" == untraced ]]; then
      h0=$(host_busy_seconds); t0=$(date +%s.%N)
      run_wrk "$url" "$CONNECTIONS" "$DURATION"
      h1=$(host_busy_seconds); t1=$(date +%s.%N)
      line="untraced $wrk_rps req/s p99 ${wrk_p99}ms"
    else
      start_sockscope "$v" "$work/$v.yaml" "$TELEMETRY_PORT"
      sleep "$SETTLE"
      warm_up "$url" "$CONNECTIONS"
      l0=$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost); r0=$(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised)
      x0=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c0=$(cpu_seconds "$ss_pid"); h0=$(host_busy_seconds); t0=$(date +%s.%N)
      run_wrk "$url" "$CONNECTIONS" "$DURATION"
      x1=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c1=$(cpu_seconds "$ss_pid"); r1=$(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised); h1=$(host_busy_seconds); t1=$(date +%s.%N)
      l=$(($(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost) - l0))
      secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
      xps[$v]+="$(rate $((x1 - x0)) "$secs") "; lost[$v]+="$l "
      cores[$v]+="$(awk -v a="$c0" -v b="$c1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }') "
      stop "$ss_pid"
      line="$v $wrk_rps req/s p99 ${wrk_p99}ms, $(rate $((x1 - x0)) "$secs") exchanges/s, lost $l, cpu_priority raised $((r1 - r0))x"
    fi
    busy[$v]+="$(awk -v a="$h0" -v b="$h1" -v s="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 'BEGIN { printf "%.2f", (b - a) / s }') "
    rps[$v]+="$wrk_rps "; p99[$v]+="$wrk_p99 "
    log "round $r/$ROUNDS: $line"
  done
done

echo
echo "bench/nginx.sh: nginx (1 worker, 2-byte body) + wrk -t${WRK_THREADS:-2} -c$CONNECTIONS, loopback, ${DURATION}s x $ROUNDS alternating rounds (traced ones after ${WARMUP:-10}s of the same load); traced: ebpf → batch → $EXPORTER"
machine_line
variant_table "${variants[@]}"
echo "target: every process traced ≥ 0.85 of untraced requests/s"
