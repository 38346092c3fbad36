#!/usr/bin/env bash
# Benchmarks Switchboard and the Node reference server (loadtest/reference, a BASELINE) side by side
# on this machine, load generator included, and writes docs/benchmarks.md.
#   loadtest/bench.sh            # everything (about 30 minutes)
#   QUICK=1 loadtest/bench.sh    # smaller and shorter, to try the script
# Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out="$top/loadtest/target/bench"
mkdir -p "$out"

java_bin=""
for j in "${JAVA_HOME:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  if [ "${v:-0}" -ge 21 ]; then java_bin=$j; break; fi
done
[ -n "$java_bin" ] || { echo "bench: no JDK 21+ found" >&2; exit 1; }

(cd "$top" && mvn -q -B -Dstyle.color=never -DskipTests package)
(cd "$here/reference" && npm ci --silent)
server_jar="$top/server/target/switchboard.jar"
load_jar="$top/loadtest/target/switchboard-loadtest.jar"
port=18777
# Switchboard as ./switchboard starts it on Linux (docs/operations.md#sizing), with a bounded heap
# (huge pages only where the kernel gives them on request, as ./switchboard decides)
thp=""
if grep -qs -e '\[madvise\]' -e '\[always\]' /sys/kernel/mm/transparent_hugepage/enabled; then
  thp=" -XX:+UseTransparentHugePages"
fi
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms64m -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20$thp}
export SERVER_JVM_OPTS
# The load generator on ZGC: G1 stopped it for 20 to 50 ms every two seconds at 4,000 users, and a stop
# of the reader counts as every user's token lateness, whichever server is measured. Its heap touched
# up front (about 2 s at start): ZGC's first use of each page was a page fault in the middle of the
# run, in 4k profiles about half the cost of creating a JSON parser per frame.
LOAD_JVM_OPTS=${LOAD_JVM_OPTS:--Xms3g -Xmx3g -XX:+UseZGC -XX:+AlwaysPreTouch}
export LOAD_JVM_OPTS
ticks=$(getconf CLK_TCK)

cpu_seconds() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

start_server() { # $1 = switchboard | reference
  if [ "$1" = switchboard ]; then
    # limits out of the way: this measures throughput, not the limits
    "$java_bin" $SERVER_JVM_OPTS -jar "$server_jar" --host 127.0.0.1 --port "$port" \
      --max-sessions 200000 --global-queue 100000 --rate-frames 100000 --frame-burst 100000 \
      --rate-prompts 100000 --prompt-burst 100000 >"$out/$1.log" 2>&1 &
  else
    node "$here/reference/server.mjs" "$port" >"$out/$1.log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
    grep -q listening "$out/$1.log" 2>/dev/null && break
    sleep 0.1
  done
  sleep 1
}

stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }

# run_case TARGET NAME ARGS...: one load test, with the server's CPU and memory around it
run_case() {
  local target=$1 name=$2; shift 2
  local dir="$out/$target-$name"
  mkdir -p "$dir"
  local cpu0 cpu1
  cpu0=$(cpu_seconds "$server_pid")
  "$java_bin" $LOAD_JVM_OPTS -jar "$load_jar" --url "ws://127.0.0.1:$port/ws" --quiet --out "$dir" "$@" \
    >"$dir/stdout.txt" 2>"$dir/stderr.txt" &
  local load_pid=$!
  local peak=0
  while kill -0 "$load_pid" 2>/dev/null; do
    local now
    now=$(rss_mb "$server_pid" 2>/dev/null || echo 0)
    peak=$(awk -v a="$peak" -v b="$now" 'BEGIN {print (b > a) ? b : a}')
    sleep 1
  done
  wait "$load_pid" || true
  cpu1=$(cpu_seconds "$server_pid")
  echo "{\"cpu\": $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN {print b - a}'), \"peakRssMb\": $peak}" >"$dir/server.json"
  echo "bench: $target $name done: $(tail -1 "$dir/stdout.txt")"
}

if [ -n "${QUICK:-}" ]; then S=5; U1=200; U4=400; UIDLE=1000; WARM=5; else S=30; U1=1000; U4=4000; UIDLE=10000; WARM=15; fi

# warm_up TARGET: load that is not measured, so both JITs (HotSpot's and V8's) have compiled the hot
# paths before the measured cases; a long-running server is in that state. Two rounds: the first
# round's users all disconnecting at its end took paths never taken before, and HotSpot threw away
# ("made not entrant") about 430 compiled methods; recompiling them during a measured case had C2
# spend 9% of the server's CPU there. After a second round it spends about 3%.
warm_up() {
  for round in 1 2; do
    "$java_bin" $LOAD_JVM_OPTS -jar "$load_jar" --url "ws://127.0.0.1:$port/ws" --quiet --out "$out/$1-warmup-$round" \
      --scenario steady --users "$U1" --ramp 5s --duration "${WARM}s" --delay-ms 20 --tokens 40 >/dev/null 2>&1 || true
  done
}

# measure TARGET NAME ARGS...: a fresh server for each case (sessions of earlier cases must not
# weigh on later ones: each holds its resume log for the idle TTL), warmed up, then measured.
measure() {
  local target=$1 name=$2; shift 2
  start_server "$target"
  warm_up "$target"
  run_case "$target" "$name" "$@"
  stop_server
}

# both: each case on Switchboard, then at once on the reference, so that a pair shares one window
# of the machine's speed (which drifted by up to 20% within a session: measuring all of one server's
# cases first had moved the CPU ratios from 0.90 to 1.05 between two runs of this script)
both() {
  measure switchboard "$@"
  measure reference "$@"
}

both steady-1k --scenario steady --users "$U1" --ramp 10s --duration "${S}s" --delay-ms 50 --tokens 40
both steady-4k --scenario steady --users "$U4" --ramp 20s --duration "${S}s" --delay-ms 50 --tokens 40
# the kernel's floor under the steady-4k pair, in the same window: loopback TCP alone at that rate,
# from a small C program (loadtest/floor), when a C compiler is here; a floor that cannot be built
# or run is left off the page rather than ending the whole run
rm -f "$out/floor-4k.json"
if ! command -v cc >/dev/null; then
  echo "bench: no C compiler (cc): the kernel floor is not measured"
elif ! cc -O2 -pthread -o "$out/floor" "$here/floor/floor.c" 2>"$out/floor.log"; then
  echo "bench: floor.c did not compile (see $out/floor.log): the kernel floor is not measured"
elif "$out/floor" "$U4" "$S" "$((port + 1))" >"$out/floor-4k.tmp" 2>>"$out/floor.log"; then
  mv "$out/floor-4k.tmp" "$out/floor-4k.json"
  echo "bench: floor done: $(cat "$out/floor-4k.json")"
else
  echo "bench: the floor failed (see $out/floor.log): the kernel floor is not measured"
fi
both burst --scenario burst --users 200 --ramp 2s --duration "${S}s" --tokens 200
both churn --scenario churn --users 200 --ramp 2s --duration "${S}s" --delay-ms 5 --tokens 10
measure switchboard resume --scenario resume --users 500 --share 0.2 --ramp 5s --duration "${S}s" --delay-ms 50
measure switchboard slow --scenario slow --users 500 --share 0.1 --ramp 5s --duration "${S}s" --delay-ms 20
measure switchboard multiplayer --scenario multiplayer --users 800 --users-per-session 4 --ramp 5s --duration "${S}s"
for target in switchboard reference; do
  # idle sessions on a fresh, unwarmed process: memory per session
  start_server "$target"
  base=$(rss_mb "$server_pid")
  run_case "$target" idle --scenario idle --users "$UIDLE" --ramp 20s --duration 10s
  echo "{\"baseRssMb\": $base}" >"$out/$target-idle/base.json"
  stop_server
done

python3 "$here/bench_report.py" "$out" "$top/docs/benchmarks.md"
echo "bench: wrote docs/benchmarks.md"
