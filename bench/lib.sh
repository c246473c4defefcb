# Shared functions for the bench/*.sh scenarios. Source it: `. "$(dirname "$0")/lib.sh"`.
# Everything listens on 127.0.0.1 only. bench_init makes a work directory and a trap that stops every
# process started through these functions (servers, sockscope, wrk) and removes the directory.
# shellcheck shell=bash

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAVAC=${JAVAC:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac}
SOCKSCOPE=${SOCKSCOPE:-"$bench_root/sockscope"}
work=""
bench_pids=() # every background process we started, stopped in reverse order on exit

bench_init() {
  "$bench_root/scripts/setup" --test >/dev/null
  "$SOCKSCOPE" --version >/dev/null # builds on first use
  work=$(mktemp -d /tmp/sockscope-bench.XXXXXX)
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
}

bench_cleanup() {
  local i p
  for ((i = ${#bench_pids[@]} - 1; i >= 0; i--)); do
    p=${bench_pids[i]}
    kill "$p" 2>/dev/null || true
  done
  for p in "${bench_pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  [[ -n "$work" ]] && rm -rf "$work"
  return 0
}

track() { bench_pids+=("$1"); }

# stop PID: TERM, wait up to 10 s (sockscope flushes), then KILL; forgets the pid.
stop() {
  local p=$1 keep=() q
  [[ -z "$p" ]] && return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  for q in "${bench_pids[@]}"; do [[ "$q" != "$p" ]] && keep+=("$q"); done
  bench_pids=("${keep[@]}")
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

require_free_port() {
  port_free "$1" || { echo "bench: port $1 is in use on this host; set ${2:-PORT} to another" >&2; exit 1; }
}

wait_http() { # URL [tries of 0.1 s]
  for _ in $(seq "${2:-100}"); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "bench: $1 did not answer" >&2
  return 1
}

# start_nginx PORT 'LOCATION BODY' [extra http-block text]: one worker, access log off. Sets nginx_pid.
start_nginx() {
  local port=$1 location=$2 extra=${3:-} dir="$work/nginx-$1"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir; uwsgi_temp_path $dir; scgi_temp_path $dir;
  $extra
  server { listen 127.0.0.1:$port; location / { $location } }
}
CONF
  require_free_port "$port" PORT
  nginx -c "$dir/nginx.conf" -p "$dir" &
  nginx_pid=$!
  track "$nginx_pid"
  wait_http "http://127.0.0.1:$port/"
}

# The master's pid plus its workers', comma-separated, for `ebpf: {pids: [...]}`.
nginx_pids() { echo "$nginx_pid$(pgrep -P "$nginx_pid" | sed 's/^/, /' | tr -d '\n')"; }

# run_wrk URL CONNECTIONS DURATION_S [wrk options...]: sets wrk_rps, wrk_p99 (ms) and wrk_requests.
# Full output in $work/wrk.txt. Runs wrk in the background of this shell so the exit trap can stop it.
run_wrk() {
  local url=$1 c=$2 d=$3 p
  shift 3
  wrk -t"${WRK_THREADS:-2}" -c"$c" -d"${d}s" --latency "$@" "$url" >"$work/wrk.txt" 2>&1 &
  p=$!
  track "$p"
  wait "$p" || true
  stop "$p"
  read -r wrk_rps wrk_p99 wrk_requests <<<"$(awk '
    function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
                     if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 } return v }
    /Requests\/sec/ { rps = $2 } $1 == "99%" { p99 = ms($2) } / requests in / { n = $1 }
    END { printf "%s %s %s\n", rps, p99, n }' "$work/wrk.txt")"
  if [[ -z "$wrk_rps" ]]; then
    log "bench: wrk failed:"; cat "$work/wrk.txt" >&2; exit 1
  fi
}

# warm_up URL CONNECTIONS [wrk options...]: WARMUP seconds (default 10) of the same load before a
# traced window, so that the window measures a tracer in steady state (a real one runs for days)
# rather than its first seconds of JIT compilation. Results discarded.
warm_up() {
  local url=$1 c=$2
  shift 2
  if [[ "${WARMUP:-10}" -gt 0 ]]; then run_wrk "$url" "$c" "${WARMUP:-10}" "$@"; fi
}

# A wrk script that keeps each connection at one request per DELAY ms: about CONNECTIONS*1000/DELAY
# requests per second while latency stays well under DELAY (wrk2 is not packaged).
paced_lua() { # DELAY_MS -> path
  printf 'function delay() return %s end\n' "$1" >"$work/paced.lua"
  echo "$work/paced.lua"
}

# start_sockscope NAME CONFIG_FILE TELEMETRY_PORT: `sockscope run`, waits for its ready line.
# Sets ss_pid (the JVM's pid: the launcher execs java). stderr in $work/NAME.err.
start_sockscope() {
  local name=$1 config=$2 tport=$3
  require_free_port "$tport" TELEMETRY_PORT
  "$SOCKSCOPE" run --config "$config" --telemetry-address "127.0.0.1:$tport" >"$work/$name.out" 2>"$work/$name.err" &
  ss_pid=$!
  track "$ss_pid"
  for _ in $(seq 600); do
    grep -q "sockscope ready" "$work/$name.err" 2>/dev/null && return 0
    kill -0 "$ss_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: sockscope ($name) did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

# metric PORT NAME: the sum of every series of NAME on Sockscope's /metrics (0 when absent).
metric() {
  curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%.0f\n", s }'
}

# CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# Busy CPU seconds of the whole host so far (every state but idle and iowait), from /proc/stat.
host_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# Peak resident set of a process in MiB (VmHWM).
peak_rss_mib() { awk '$1 == "VmHWM:" { printf "%.0f\n", $2 / 1024 }' "/proc/$1/status"; }

compile_programs() { # compiles bench/programs/*.java into $work/classes
  mkdir -p "$work/classes"
  "$JAVAC" -d "$work/classes" "$bench_root"/bench/programs/*.java
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.3f\n", a / b }'; }
fmt() { awk -v a="$1" -v f="${2:-%.0f}" 'BEGIN { if (a == "n/a" || a == "") print "n/a"; else printf f "\n", a }'; }
# Per-second rate of a counter over a window: rate DELTA SECONDS
rate() { awk -v a="$1" -v s="$2" 'BEGIN { printf "%.0f\n", a / s }'; }

# A table row: row CELL... (first cell left-aligned, 34 wide; the rest right-aligned, 12 wide)
row() {
  printf '| %-34s' "$1"
  shift
  for c in "$@"; do printf ' | %12s' "$c"; done
  printf ' |\n'
}
rule() {
  printf '|%s' "$(printf -- '-%.0s' $(seq 36))"
  for ((i = 1; i < $1; i++)); do printf '|%s' "$(printf -- '-%.0s' $(seq 14))"; done
  printf '|\n'
}

# One line for the table's caption: load when the script started and now, kernel, CPUs.
machine_line() {
  echo "host: $(nproc) vCPU, kernel $(uname -r), load average at start ${load_start}, at end $(cut -d' ' -f1-3 /proc/loadavg)"
}

log() { echo "$*" >&2; }

# sockscope_config FILE EBPF_MAPPING EXPORTER [SINK_PORT]: ebpf → batch → EXPORTER, where EXPORTER is
# `nop` (drops spans after the batch processor: the cost of everything up to the exporter) or `otlp`
# (otlp_grpc, plaintext, to a sink on 127.0.0.1:SINK_PORT). EBPF_OPTIONS (e.g. 'cpu_priority: normal')
# are added to every traced variant's ebpf receiver.
sockscope_config() {
  local file=$1 ebpf=$2 exporter=$3 sink=${4:-4317}
  if [[ -n "${EBPF_OPTIONS:-}" ]]; then # more ebpf receiver options for every traced variant
    ebpf="${ebpf%\}}"; [[ "$ebpf" == "{" ]] || ebpf+=", "; ebpf+="$EBPF_OPTIONS}"
  fi
  {
    echo "receivers:"
    echo "  ebpf: $ebpf"
    echo "processors:"
    echo "  batch: {}"
    echo "exporters:"
    case "$exporter" in
      nop) echo "  nop: {}" ;;
      otlp) echo "  otlp_grpc: {endpoint: 127.0.0.1:$sink, tls: {insecure: true}}"; exporter=otlp_grpc ;;
      *) log "bench: EXPORTER must be nop or otlp"; exit 1 ;;
    esac
    echo "service:"
    echo "  pipelines:"
    echo "    traces: {receivers: [ebpf], processors: [batch], exporters: [$exporter]}"
  } >"$file"
}

# start_sink SINK_PORT TELEMETRY_PORT: a Sockscope with only an OTLP/gRPC receiver and the nop exporter,
# the stand-in backend. Sets sink_pid. Spans it took: `metric TELEMETRY_PORT otelcol_exporter_sent_spans`.
start_sink() {
  require_free_port "$1" SINK_PORT
  cat >"$work/sink.yaml" <<YAML
receivers:
  otlp: {protocols: {grpc: {endpoint: 127.0.0.1:$1}}}
exporters:
  nop: {}
service:
  pipelines:
    traces: {receivers: [otlp], exporters: [nop]}
YAML
  start_sockscope sink "$work/sink.yaml" "$2"
  sink_pid=$ss_pid
}

# variant_table VARIANT...: the medians table shared by nginx.sh and backend.sh, from the global
# associative arrays label, rps, p99 (space-separated per round), and for traced variants xps
# (exchanges/s), lost (kernel events lost), cores (Sockscope's CPU), and busy (host CPU) for all.
# The first variant is the baseline.
variant_table() {
  local base=$1 v m p mb pb
  # shellcheck disable=SC2086
  mb=$(median ${rps[$base]}); pb=$(median ${p99[$base]})
  row "median of $ROUNDS rounds" "requests/s" "vs untraced" "p99 (ms)" "p99 vs unt." "exchanges/s" "events lost" "sockscope CPU" "host CPU"
  rule 9
  for v in "$@"; do
    # shellcheck disable=SC2086
    m=$(median ${rps[$v]}); p=$(median ${p99[$v]})
    if [[ -z "${xps[$v]:-}" ]]; then
      row "${label[$v]}" "$(fmt "$m")" "$(ratio "$m" "$mb")" "$p" "$(ratio "$p" "$pb")" "-" "-" "-" "$(median ${busy[$v]})"
    else
      # shellcheck disable=SC2086
      row "${label[$v]}" "$(fmt "$m")" "$(ratio "$m" "$mb")" "$p" "$(ratio "$p" "$pb")" \
        "$(fmt "$(median ${xps[$v]})")" "$(printf '%s\n' ${lost[$v]} | sort -g | tail -1)" "$(median ${cores[$v]})" "$(median ${busy[$v]})"
    fi
  done
  echo "(sockscope CPU and host CPU: cores busy during the measured window; events lost: the highest of any round)"
}
