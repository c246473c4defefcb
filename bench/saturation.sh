#!/usr/bin/env bash
# cpu_priority when the host has no idle CPU at all: BUSY shell loops that never block (default: one
# per CPU) run beside nginx (tiny responses) under wrk, every process traced by `sockscope run`
# (ebpf → batch → nop), in alternating rounds with `cpu_priority: background` and `normal` (B, N, ...).
# Background must lose no more events than normal: its threads start at SCHED_IDLE, where such a host
# would starve them, so the watcher has to put them back to the normal policy before the ring
# overflows ("raised" counts how often it did). Requests/s shows what yielding cost the programs.
#   ROUNDS=3 DURATION=15 WARMUP=5 CONNECTIONS=10 BUSY=$(nproc) bench/saturation.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-10}
BUSY=${BUSY:-$(nproc)}
SETTLE=${SETTLE:-2}
PORT=${PORT:-18080}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
bench_init
start_nginx "$PORT" 'return 200 "ok";'
url="http://127.0.0.1:$PORT/"
variants=(background normal)
for v in "${variants[@]}"; do
  EBPF_OPTIONS="cpu_priority: $v" sockscope_config "$work/$v.yaml" "{}" nop
done

declare -A rps xps lost raised
for r in $(seq "$ROUNDS"); do
  for v in "${variants[@]}"; do
    start_sockscope "$v" "$work/$v.yaml" "$TELEMETRY_PORT"
    sleep "$SETTLE"
    warm_up "$url" "$CONNECTIONS"
    loops=()
    for _ in $(seq "$BUSY"); do # bounded by timeout too, should this script die before its trap runs
      timeout $((DURATION + 30)) sh -c 'while :; do :; done' &
      loops+=($!); track "$!"
    done
    l0=$(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost); x0=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges)
    r0=$(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised); t0=$(date +%s.%N)
    run_wrk "$url" "$CONNECTIONS" "$DURATION"
    for p in "${loops[@]}"; do stop "$p"; done
    sleep 1 # events already in the ring are read before counting
    x1=$(metric "$TELEMETRY_PORT" sockscope_receiver_exchanges); t1=$(date +%s.%N)
    l=$(($(metric "$TELEMETRY_PORT" sockscope_receiver_kernel_events_lost) - l0))
    up=$(($(metric "$TELEMETRY_PORT" sockscope_receiver_cpu_priority_raised) - r0)); [[ "$v" == normal ]] && up=0
    stop "$ss_pid"
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a - 1 }')
    rps[$v]+="$wrk_rps "; xps[$v]+="$(rate $((x1 - x0)) "$secs") "; lost[$v]+="$l "; raised[$v]+="$up "
    log "round $r/$ROUNDS: $v $wrk_rps req/s, $(rate $((x1 - x0)) "$secs") exchanges/s, lost $l, raised ${up}x"
  done
done

echo
echo "bench/saturation.sh: $BUSY busy loops + nginx (1 worker, 2-byte body) + wrk -t${WRK_THREADS:-2} -c$CONNECTIONS, loopback, ${DURATION}s x $ROUNDS alternating rounds (after ${WARMUP}s of wrk alone); traced: every process, ebpf → batch → nop"
machine_line
row "median of $ROUNDS rounds" "requests/s" "exchanges/s" "events lost" "raised"
rule 5
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086
  row "cpu_priority: $v" "$(fmt "$(median ${rps[$v]})")" "$(fmt "$(median ${xps[$v]})")" \
    "$(printf '%s\n' ${lost[$v]} | sort -g | tail -1)" "$(median ${raised[$v]})"
done
echo "(events lost: the highest of any round; raised: times the watcher went back to the normal policy, per round)"
echo "target: background loses no more events than normal"
