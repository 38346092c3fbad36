# What loadtest/bench.sh and loadtest/pairs.sh share: finding a JDK 21+, building, starting and
# stopping a server, warming it up, and one measured load test with the server's CPU and memory.
# Sourced, not run. The caller sets here (this directory), top (the repository), out (where results
# go), and U1 and WARM (users and seconds of each warm-up round). port, SERVER_JVM_OPTS and
# LOAD_JVM_OPTS keep a value set before sourcing; server_jar and load_jar may be changed after it
# (start_server, warm_up and run_case read all of them when they run).

. "$top/switchboard" # find_java and default_jvm_opts: the JDK and options ./switchboard would use
. "$here/switchboard-loadtest" # default_load_jvm_opts: the load generator's, as that script uses them
java_bin=$(find_java) || { echo "bench: no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }

build_all() {
  (cd "$top" && mvn -q -B -Dstyle.color=never -DskipTests package)
  (cd "$here/reference" && npm ci --silent)
}

server_jar="$top/server/target/switchboard.jar"
load_jar="$top/loadtest/target/switchboard-loadtest.jar"
port=${port:-18777}
# Switchboard as ./switchboard starts it (docs/operations.md#sizing), with a bounded heap
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms64m -Xmx1g -XX:+UseG1GC $(default_jvm_opts "$java_bin")}
export SERVER_JVM_OPTS
# The load generator as loadtest/switchboard-loadtest runs it (ZGC, a small heap touched up front: why
# is in that script)
LOAD_JVM_OPTS=${LOAD_JVM_OPTS:-$(default_load_jvm_opts)}
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
  if [[ " $* " == *" --warmup "* || " $* " == *" --warmup="* ]]; then # the server's figures start when the load generator's do
    while kill -0 "$load_pid" 2>/dev/null && ! grep -q '^warm-up done' "$dir/stdout.txt"; do
      sleep 0.2
    done
    cpu0=$(cpu_seconds "$server_pid")
  fi
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
# weigh on later ones: each holds its resume log for the idle TTL), warmed up, then measured. The
# measuring load generator first warms up itself in its own process (--warmup, the case's scenario
# with up to 1,000 users): left to compile during the run, its JIT took 14% of its CPU at 4,000 users,
# on the cores the server shares.
measure() {
  local target=$1 name=$2; shift 2
  start_server "$target"
  warm_up "$target"
  run_case "$target" "$name" --warmup "${WARM}s" "$@"
  stop_server
}
