#!/usr/bin/env bash
# Runs JMH benchmarks on one CPU and prints their table:
#   bench/jmh.sh [regex] [JMH options...]      e.g. bench/jmh.sh SpanPipelineBench -p compression=gzip
# Builds the bench jar first when it is missing or older than a source of the modules it runs.
# Short settings unless given: -f 1 -wi 3 -i 5 (iteration times come from each benchmark's annotations),
# plus CpuTimeProfiler: cpu.score is the score per CPU-second the JVM used, cpu.share the CPU it got.
# CPU=1 (default) pins the JVMs to that CPU with taskset; CPU= runs unpinned. Logs go to bench/target/jmh/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${SOCKSCOPE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$root/bench/target/sockscope-bench-0.1.0-SNAPSHOT.jar"
modules=(bpf receiver semconv-mapping otel-config pipeline cli bench)

stale() {
  [[ ! -f "$jar" ]] && return 0
  local m
  for m in "${modules[@]}"; do
    [[ -n "$(find "$root/$m" -path "$root/$m/target" -prune -o \( -name '*.java' -o -name '*.c' -o -name '*.h' \
      -o -name 'pom.xml' -o -name '*.yaml' \) -newer "$jar" -print -quit)" ]] && return 0
  done
  [[ "$root/pom.xml" -nt "$jar" ]]
}
if stale; then
  echo "jmh.sh: building the benchmarks..." >&2
  (cd "$root" && mvn -o -q install -DskipTests -pl bench -am >&2)
fi

regex="${1:-.}"
shift || true
opts=("$@")
has() { local o; for o in "${opts[@]}"; do [[ "$o" == "$1" ]] && return 0; done; return 1; }
has -f || opts+=(-f 1)
has -wi || opts+=(-wi 3)
has -i || opts+=(-i 5)
opts+=(-prof io.sockscope.bench.CpuTimeProfiler)

pin=()
CPU="${CPU-1}"
[[ -n "$CPU" ]] && pin=(taskset -c "$CPU")
out="$root/bench/target/jmh/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$(dirname "$out")"
echo "jmh.sh: $regex ${opts[*]} | CPU ${CPU:-all} | load $(cut -d' ' -f1-3 /proc/loadavg) | log $out.log" >&2
"${pin[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$jar:$root/bench/target/lib/*" org.openjdk.jmh.Main "$regex" "${opts[@]}" -rf text -rff "$out.txt" \
  2>&1 | tee "$out.log" | grep --line-buffered -E '^(# Benchmark:|# Parameters:|# Warmup Iteration|Iteration|[0-9]+-span |[0-9.]+ ops/)' >&2 || true
echo "jmh.sh: done | load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [[ ! -s "$out.txt" ]]; then
  tail -30 "$out.log" >&2
  exit 1
fi
cat "$out.txt"
