#!/usr/bin/env bash
# What a backend that is down costs Sockscope while the node is busy: nginx + wrk at full speed on
# loopback (tiny responses, the most spans per second this machine makes), traced by `sockscope run`
# (`ebpf: {}` → batch → otlp_grpc, the defaults: sending_queue of 1000 batches, retry_on_failure on)
# whose endpoint, 127.0.0.1:SINK_PORT, has nothing listening. So every batch is queued and retried
# until the queue is full, and then dropped and counted. Every STEP seconds of each DURATION-second
# round it samples Sockscope's RSS, its sending queue, and its counters; prints the last round's
# samples and, over ROUNDS rounds (each a fresh Sockscope), the medians of the final values.
#   ROUNDS=2 DURATION=40 STEP=10 CONNECTIONS=50 bench/backend-down.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-40}
STEP=${STEP:-10}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18080}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
SINK_PORT=${SINK_PORT:-4317}
bench_init
require_free_port "$SINK_PORT" SINK_PORT
start_nginx "$PORT" 'return 200 "ok";'
sockscope_config "$work/down.yaml" "{}" otlp "$SINK_PORT"
url="http://127.0.0.1:$PORT/"

rss_mib() { awk '$1 == "VmRSS:" { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }
queued_spans() { # exchanges made into spans and neither sent nor dropped yet: the queue and the batch in hand
  echo $(($(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges) - $(metric "$TELEMETRY_PORT" otelcol_exporter_sent_spans) \
    - $(metric "$TELEMETRY_PORT" otelcol_exporter_enqueue_failed_spans) - $(metric "$TELEMETRY_PORT" otelcol_exporter_send_failed_spans)))
}

hwm=(); rss=(); batches=(); spans=(); dropped=(); lost=(); xps=(); cores=()
for r in $(seq "$ROUNDS"); do
  start_sockscope down "$work/down.yaml" "$TELEMETRY_PORT"
  c0=$(cpu_seconds "$ss_pid"); t0=$(date +%s.%N)
  wrk -t"${WRK_THREADS:-2}" -c"$CONNECTIONS" -d"${DURATION}s" "$url" >"$work/wrk.txt" 2>&1 &
  wp=$!
  track "$wp"
  samples=()
  for t in $(seq "$STEP" "$STEP" "$DURATION"); do
    sleep "$STEP"
    samples+=("$(row "$t s" "$(rss_mib "$ss_pid")" \
      "$(metric "$TELEMETRY_PORT" otelcol_exporter_queue_size)" "$(queued_spans)" \
      "$(metric "$TELEMETRY_PORT" otelcol_exporter_enqueue_failed_spans)" "$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost)")")
  done
  wait "$wp" || true
  stop "$wp"
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  hwm+=("$(peak_rss_mib "$ss_pid")"); rss+=("$(rss_mib "$ss_pid")")
  batches+=("$(metric "$TELEMETRY_PORT" otelcol_exporter_queue_size)"); spans+=("$(queued_spans)")
  dropped+=("$(metric "$TELEMETRY_PORT" otelcol_exporter_enqueue_failed_spans)")
  lost+=("$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost)")
  xps+=("$(rate "$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges)" "$secs")")
  cores+=("$(awk -v a="$c0" -v b="$(cpu_seconds "$ss_pid")" -v s="$secs" 'BEGIN { printf "%.2f", (b - a) / s }')")
  stop "$ss_pid"
  log "round $r/$ROUNDS: VmHWM ${hwm[-1]} MiB, ${batches[-1]} batches (${spans[-1]} spans) queued, ${dropped[-1]} dropped, ${lost[-1]} events lost, ${xps[-1]} exchanges/s, ${cores[-1]} cores"
done

echo
echo "bench/backend-down.sh: nginx (1 worker, 2-byte body) + wrk -t${WRK_THREADS:-2} -c$CONNECTIONS at full speed, loopback, ${DURATION}s x $ROUNDS rounds from a fresh start; traced: ebpf (every process) → batch → otlp_grpc to 127.0.0.1:$SINK_PORT, where nothing listens (sending_queue 1000 batches, retries on)"
machine_line
echo
echo "last round, every ${STEP}s:"
row "since start" "RSS (MiB)" "queue (batches)" "queued spans" "dropped spans" "events lost"
rule 6
printf '%s\n' "${samples[@]}"
echo
row "end of round (median of $ROUNDS)" "value" "rounds"
rule 3
# shellcheck disable=SC2086
{
  row "peak RSS, VmHWM (MiB)" "$(fmt "$(median ${hwm[*]})")" "${hwm[*]}"
  row "RSS at the end (MiB)" "$(fmt "$(median ${rss[*]})")" "${rss[*]}"
  row "queue (batches of 1000)" "$(fmt "$(median ${batches[*]})")" "${batches[*]}"
  row "spans queued" "$(fmt "$(median ${spans[*]})")" "${spans[*]}"
  row "spans dropped (queue full)" "$(fmt "$(median ${dropped[*]})")" "${dropped[*]}"
  row "kernel events lost" "$(fmt "$(median ${lost[*]})")" "${lost[*]}"
  row "exchanges/s" "$(fmt "$(median ${xps[*]})")" "${xps[*]}"
  row "Sockscope CPU (cores)" "$(median ${cores[*]})" "${cores[*]}"
}
