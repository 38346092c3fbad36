#!/usr/bin/env bash
# Compares two set-ups (A and B) at one load, in alternating runs, so that both meet the same windows
# of the machine's speed (it drifted by up to 20% within one session here, more than most changes
# are worth). The "alternating pairs" figures in docs/benchmarks.md were measured this way.
#
#   B_SERVER_JVM_OPTS="... -XX:+UseZGC" loadtest/pairs.sh
#   B_LOAD_ARGS="--io epoll" PAIRS=5 loadtest/pairs.sh
#
# PAIRS (3), USERS (4000), RAMP (20) and DURATION (30, seconds) set the runs: the steady scenario, 50 ms per
# token, 40 tokens per reply, as bench.sh's steady-4k. For each side X in A and B, each defaulting to
# what bench.sh uses (WARM_USERS and WARM, 1000 and 15 s, set each warm-up round): X_TARGET (switchboard or reference), X_SERVER_JAR, X_LOAD_JAR,
# X_SERVER_JVM_OPTS, X_LOAD_JVM_OPTS, and X_LOAD_ARGS (more load-test options). Every run gets a fresh,
# warmed-up server. NO_BUILD=1 skips the build. One line per run; results in loadtest/target/pairs/.
# Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out="$top/loadtest/target/pairs"
rm -rf "$out"
mkdir -p "$out"

. "$here/bench-lib.sh"
[ -n "${NO_BUILD:-}" ] || build_all

U1=${WARM_USERS:-1000}
WARM=${WARM:-15}
pairs=${PAIRS:-3}
users=${USERS:-4000}
default_server_jar=$server_jar default_load_jar=$load_jar
default_server_opts=$SERVER_JVM_OPTS default_load_opts=$LOAD_JVM_OPTS

side() { # side X N: one measured run of set-up X, the Nth
  local x=$1 n=$2 target_var=${1}_TARGET sj=${1}_SERVER_JAR lj=${1}_LOAD_JAR so=${1}_SERVER_JVM_OPTS \
    lo=${1}_LOAD_JVM_OPTS la=${1}_LOAD_ARGS
  local target=${!target_var:-switchboard}
  server_jar=${!sj:-$default_server_jar}
  load_jar=${!lj:-$default_load_jar}
  SERVER_JVM_OPTS=${!so:-$default_server_opts}
  LOAD_JVM_OPTS=${!lo:-$default_load_opts}
  # shellcheck disable=SC2086 # the extra options are words
  measure "$target" "$x-$n" --scenario steady --users "$users" --ramp "${RAMP:-20}s" \
    --duration "${DURATION:-30}s" --delay-ms 50 --tokens 40 ${!la:-} >/dev/null
  python3 - "$out/$target-$x-$n" "$x" <<'PY'
import json, os, sys
d, x = sys.argv[1], sys.argv[2]
r = json.load(open(os.path.join(d, "result.json")))
s = json.load(open(os.path.join(d, "server.json")))
t = r["totals"]
mtok = t["tokens"] / 1e6


def per_million(seconds):  # "-" for a run that delivered nothing (a server that failed), not a traceback
    return "-" if seconds is None or not mtok else "{:.2f}".format(seconds / mtok)


print("{} p99 {:.1f} ms, delivered {:.1%}, server CPU {} s/M, load generator {} s/M, failures {}".format(
    x, r["latency"]["tokenLatenessMs"]["p99"], t.get("deliveredFraction", 0), per_million(s.get("cpu")),
    per_million(t.get("loadGeneratorCpuSeconds")), r["verdict"]["failures"]))
PY
}

for n in $(seq 1 "$pairs"); do
  side A "$n"
  side B "$n"
done
