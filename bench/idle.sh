#!/usr/bin/env bash
# Sockscope's CPU on a host with nothing to trace: `sockscope run` (ebpf → batch → nop, every
# process) started, left SETTLE seconds to finish start-up and its first compilations, then its
# threads' run time over DURATION seconds, from /proc/<pid>/task/*/schedstat (nanoseconds; utime and
# stime count whole clock ticks, which a thread waking 20 times a second misreads). ROUNDS runs, each
# a fresh Sockscope; prints the median per thread group and in all, as a share of one core.
#   ROUNDS=3 SETTLE=25 DURATION=30 bench/idle.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-3}
SETTLE=${SETTLE:-25}
DURATION=${DURATION:-30}
TELEMETRY_PORT=${TELEMETRY_PORT:-18888}
bench_init
sockscope_config "$work/idle.yaml" "{}" nop

# Nanoseconds run so far by each group of threads: the reader, cpu_priority's watcher, the JIT, the rest.
run_ns() {
  local t comm ns
  for t in /proc/"$1"/task/*; do
    comm=$(cat "$t/comm" 2>/dev/null) || continue
    ns=$(cut -d' ' -f1 "$t/schedstat" 2>/dev/null) || continue
    case "$comm" in
      sockscope-ebpf-*) echo "reader $ns" ;;
      sockscope-cpu-*) echo "watcher $ns" ;;
      C1\ Compiler* | C2\ Compiler*) echo "jit $ns" ;;
      *) echo "other $ns" ;;
    esac
  done | awk '{ a[$1] += $2 } END { printf "%d %d %d %d\n", a["reader"], a["watcher"], a["jit"], a["other"] }'
}

pct() { awk -v d="$1" -v s="$DURATION" 'BEGIN { printf "%.3f", d / 1e9 / s * 100 }'; }

declare -A share
groups=(reader watcher jit other all)
for r in $(seq "$ROUNDS"); do
  start_sockscope idle "$work/idle.yaml" "$TELEMETRY_PORT"
  sleep "$SETTLE"
  # Nothing may touch Sockscope in the window: scraping its metrics is traffic it traces.
  read -r r0 w0 j0 o0 < <(run_ns "$ss_pid")
  sleep "$DURATION"
  read -r r1 w1 j1 o1 < <(run_ns "$ss_pid")
  stop "$ss_pid"
  share[reader]+="$(pct $((r1 - r0))) "; share[watcher]+="$(pct $((w1 - w0))) "
  share[jit]+="$(pct $((j1 - j0))) "; share[other]+="$(pct $((o1 - o0))) "
  all=$(pct $((r1 - r0 + w1 - w0 + j1 - j0 + o1 - o0)))
  share[all]+="$all "
  log "round $r/$ROUNDS: ${all}% of a core"
done

echo
echo "bench/idle.sh: \`sockscope run\` (ebpf every process → batch → nop) on a host with nothing to trace, ${DURATION}s after ${SETTLE}s of settling, $ROUNDS rounds"
machine_line
row "% of one core (median of $ROUNDS)" "measured" "rounds"
rule 3
for g in "${groups[@]}"; do
  # shellcheck disable=SC2086
  row "$g" "$(median ${share[$g]})" "$(echo ${share[$g]} | tr ' ' '/')"
done
