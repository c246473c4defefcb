#!/usr/bin/env bash
# Cost of the probes to traced programs: nginx + wrk on loopback (tiny responses, the worst case),
# untraced vs traced by `sockscope events --quiet` (every send and receive of every process becomes
# an event with its payload prefix; no pipeline), in alternating rounds. Prints medians and the ratio.
# bench/nginx.sh measures the same with the whole pipeline (`sockscope run`).
#   ROUNDS=5 DURATION=10 CONNECTIONS=50 CAPTURE=4096 bench/overhead.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
CAPTURE=${CAPTURE:-4096}
PORT=${PORT:-18080}
bench_init
start_nginx "$PORT" 'return 200 "ok";'
url="http://127.0.0.1:$PORT/"

untraced=(); traced=(); p99u=(); p99t=()
for r in $(seq "$ROUNDS"); do
  run_wrk "$url" "$CONNECTIONS" "$DURATION"; untraced+=("$wrk_rps"); p99u+=("$wrk_p99")
  # shellcheck disable=SC2086
  "$SOCKSCOPE" events --quiet --capture "$CAPTURE" ${EVENTS_ARGS:-} >"$work/tracer.txt" 2>"$work/tracer.err" &
  tracer_pid=$!
  track "$tracer_pid"
  for _ in $(seq 300); do grep -q "capturing" "$work/tracer.err" 2>/dev/null && break; sleep 0.1; done
  sleep 2 # let the JIT settle: a real tracer runs for days
  run_wrk "$url" "$CONNECTIONS" "$DURATION"; traced+=("$wrk_rps"); p99t+=("$wrk_p99")
  stop "$tracer_pid"
  lost=$(grep -o '[0-9]* lost' "$work/tracer.err" | tail -1 || true)
  log "round $r: untraced ${untraced[-1]} req/s, traced ${traced[-1]} req/s ($lost)"
done

mu=$(median "${untraced[@]}"); mt=$(median "${traced[@]}")
pu=$(median "${p99u[@]}"); pt=$(median "${p99t[@]}")
echo
echo "nginx + wrk, loopback, $CONNECTIONS connections, ${DURATION}s x $ROUNDS alternating rounds, capture $CAPTURE B"
machine_line
row "" "requests/s" "p99 (ms)"
rule 3
row "untraced (median)" "$(fmt "$mu")" "$pu"
row "every process traced (median)" "$(fmt "$mt")" "$pt"
row "ratio" "$(ratio "$mt" "$mu")" "$(ratio "$pt" "$pu")"
