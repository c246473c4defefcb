#!/usr/bin/env bash
# Cost of the probes to traced programs: nginx + wrk on loopback (tiny responses, the worst case),
# untraced vs traced by `sockscope events --quiet` (every send and receive of every process becomes
# an event with its payload prefix), in alternating rounds. Prints medians and the ratio.
#   ROUNDS=5 DURATION=10 CONNECTIONS=50 CAPTURE=4096 bench/overhead.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-50}
CAPTURE=${CAPTURE:-4096}
PORT=${PORT:-18080}
"$root/scripts/setup" --test >/dev/null
SOCKSCOPE=${SOCKSCOPE:-"$root/sockscope"}
"$SOCKSCOPE" --version >/dev/null # builds on first use

work=$(mktemp -d)
nginx_pid=""
tracer_pid=""
cleanup() {
  [[ -n "$tracer_pid" ]] && kill "$tracer_pid" 2>/dev/null && wait "$tracer_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$PORT; location / { return 200 "ok"; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

run_wrk() { # prints "rps p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$PORT/" >"$work/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
  echo "$rps $p99"
}

untraced=(); traced=(); p99u=(); p99t=()
for r in $(seq "$ROUNDS"); do
  read -r rps p99 < <(run_wrk); untraced+=("$rps"); p99u+=("$p99")
  "$SOCKSCOPE" events --quiet --capture "$CAPTURE" ${EVENTS_ARGS:-} >"$work/tracer.txt" 2>"$work/tracer.err" &
  tracer_pid=$!
  for _ in $(seq 100); do grep -q "capturing" "$work/tracer.err" 2>/dev/null && break; sleep 0.1; done
  sleep 2 # let the JIT settle: a real tracer runs for days
  read -r rps p99 < <(run_wrk); traced+=("$rps"); p99t+=("$p99")
  kill "$tracer_pid"; wait "$tracer_pid" 2>/dev/null || true; tracer_pid=""
  lost=$(grep -o '[0-9]* lost' "$work/tracer.err" | tail -1 || true)
  echo "round $r: untraced ${untraced[-1]} req/s, traced ${traced[-1]} req/s ($lost)" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mu=$(median "${untraced[@]}"); mt=$(median "${traced[@]}")
pu=$(median "${p99u[@]}"); pt=$(median "${p99t[@]}")
echo
echo "nginx + wrk, loopback, $CONNECTIONS connections, ${DURATION}s x $ROUNDS alternating rounds, capture $CAPTURE B"
printf '| %-34s | %12s | %10s |\n' "" "requests/s" "p99 (ms)"
printf '| %-34s | %12s | %10s |\n' "untraced (median)" "$mu" "$pu"
printf '| %-34s | %12s | %10s |\n' "every process traced (median)" "$mt" "$pt"
printf '| %-34s | %12s | %10s |\n' "ratio" "$(awk -v a="$mt" -v b="$mu" 'BEGIN {printf "%.2f", a/b}')" ""
