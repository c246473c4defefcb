#!/usr/bin/env bash
# "Cost side by side", 4: Sockscope's own cost at a fixed load. nginx (tiny responses) under wrk paced
# to about RATE requests/s (a Lua delay() per connection: CONNECTIONS connections, one request each
# CONNECTIONS*1000/RATE ms; wrk2 is not packaged), untraced and traced in alternating rounds (U, T, ...).
# Traced is end to end, kernel to OTLP: `ebpf: {}` (every process: wrk's and nginx's sides) → batch →
# otlp_grpc to a sink (a second Sockscope, otlp receiver → nop, on 127.0.0.1:SINK_PORT, whose port is
# excluded from tracing). Each traced round first runs the same load for WARMUP seconds (the JIT
# compiles the hot paths then: a tracer runs for days), then measures DURATION seconds. For each
# traced round, from /proc and Sockscope's own metrics:
#   CPU s per million exchanges   (utime + stime of the sockscope JVM in the measured window) /
#                                 (sockscope_receiver_exchanges in that window) x 1e6
#   ... whole life                the same from JVM start (start-up, warm-up, JIT) to the end
#   peak RSS                      VmHWM of the sockscope JVM at the end of the round
#   events lost                   sockscope_receiver_kernel_events_lost
#   ROUNDS=3 DURATION=30 WARMUP=20 RATE=10000 CONNECTIONS=100 bench/cost.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-20}
RATE=${RATE:-10000}
CONNECTIONS=${CONNECTIONS:-100}
SETTLE=${SETTLE:-5}
PORT=${PORT:-18080}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
SINK_PORT=${SINK_PORT:-4317}
SINK_TELEMETRY_PORT=${SINK_TELEMETRY_PORT:-18889}
bench_init
start_nginx "$PORT" 'return 200 "ok";'
start_sink "$SINK_PORT" "$SINK_TELEMETRY_PORT"
sockscope_config "$work/traced.yaml" "{exclude: {ports: [$SINK_PORT]}}" otlp "$SINK_PORT"
url="http://127.0.0.1:$PORT/"
delay_ms=$(awk -v c="$CONNECTIONS" -v r="$RATE" 'BEGIN { printf "%d", c * 1000 / r }')
lua=$(paced_lua "$delay_ms")

declare -A rps p99 busy
cpm=(); cpm_life=(); hwm=(); lost=(); xps=(); sps=(); idle=(); sinkcpu=()
for r in $(seq "$ROUNDS"); do
  for v in untraced traced; do
    if [[ "$v" == traced ]]; then
      start_sockscope traced "$work/traced.yaml" "$TELEMETRY_PORT"
      i0=$(cpu_seconds "$ss_pid")
      sleep "$SETTLE"
      i1=$(cpu_seconds "$ss_pid")
      idle+=("$(awk -v a="$i0" -v b="$i1" -v s="$SETTLE" 'BEGIN { printf "%.3f", (b - a) / s }')")
      warm_up "$url" "$CONNECTIONS" -s "$lua"
      x0=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c0=$(cpu_seconds "$ss_pid")
      s0=$(metric "$SINK_TELEMETRY_PORT" otelcol_exporter_sent_spans); k0=$(cpu_seconds "$sink_pid")
    fi
    h0=$(host_busy_seconds); t0=$(date +%s.%N)
    run_wrk "$url" "$CONNECTIONS" "$DURATION" -s "$lua"
    h1=$(host_busy_seconds); t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
    rps[$v]+="$wrk_rps "; p99[$v]+="$wrk_p99 "
    busy[$v]+="$(awk -v a="$h0" -v b="$h1" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }') "
    line="$v $wrk_rps req/s p99 ${wrk_p99}ms"
    if [[ "$v" == traced ]]; then
      sleep 1 # the last batch reaches the sink
      x1=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); c1=$(cpu_seconds "$ss_pid")
      s1=$(metric "$SINK_TELEMETRY_PORT" otelcol_exporter_sent_spans); k1=$(cpu_seconds "$sink_pid")
      cpm+=("$(awk -v a="$c0" -v b="$c1" -v x="$((x1 - x0))" 'BEGIN { printf "%.2f", (b - a) / x * 1e6 }')")
      cpm_life+=("$(awk -v b="$c1" -v x="$x1" 'BEGIN { printf "%.2f", b / x * 1e6 }')")
      xps+=("$(rate $((x1 - x0)) "$secs")"); sps+=("$(rate $((s1 - s0)) "$secs")")
      sinkcpu+=("$(awk -v a="$k0" -v b="$k1" -v x="$((s1 - s0))" 'BEGIN { printf "%.2f", (b - a) / x * 1e6 }')")
      hwm+=("$(peak_rss_mib "$ss_pid")")
      lost+=("$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost)")
      stop "$ss_pid"
      line+=", ${xps[-1]} exchanges/s, ${cpm[-1]} CPU s/M exchanges (whole life ${cpm_life[-1]}), VmHWM ${hwm[-1]} MiB, lost ${lost[-1]}"
    fi
    log "round $r/$ROUNDS: $line"
  done
done

echo
echo "bench/cost.sh: nginx (1 worker, 2-byte body) + wrk -t${WRK_THREADS:-2} -c$CONNECTIONS paced at ~$RATE req/s (one request per connection each ${delay_ms} ms), loopback, ${DURATION}s x $ROUNDS alternating rounds (traced ones after ${WARMUP}s of the same load); traced: ebpf (every process) → batch → otlp_grpc → sink (Sockscope otlp → nop)"
machine_line
# shellcheck disable=SC2086
mb=$(median ${rps[untraced]}); pb=$(median ${p99[untraced]})
row "load (median of $ROUNDS rounds)" "requests/s" "p99 (ms)" "p99 vs unt." "host CPU"
rule 5
for v in untraced traced; do
  # shellcheck disable=SC2086
  row "$v" "$(fmt "$(median ${rps[$v]})")" "$(median ${p99[$v]})" "$(ratio "$(median ${p99[$v]})" "$pb")" "$(median ${busy[$v]})"
done
echo
row "sockscope (median of $ROUNDS rounds)" "measured" "target" "rounds"
rule 4
row "CPU s per million exchanges" "$(median "${cpm[@]}")" "< 2" "${cpm[*]}"
row "  … whole life (start-up included)" "$(median "${cpm_life[@]}")" "" "${cpm_life[*]}"
row "peak RSS, VmHWM (MiB)" "$(median "${hwm[@]}")" "< 200" "${hwm[*]}"
row "kernel events lost" "$(printf '%s\n' "${lost[@]}" | sort -g | tail -1) (max)" "0" "${lost[*]}"
row "exchanges/s" "$(median "${xps[@]}")" "" "${xps[*]}"
row "spans/s reaching the sink" "$(median "${sps[@]}")" "" "${sps[*]}"
row "idle CPU before the load (cores)" "$(median "${idle[@]}")" "" "${idle[*]}"
row "sink CPU s per million spans" "$(median "${sinkcpu[@]}")" "" "${sinkcpu[*]}"
