#!/usr/bin/env bash
# Benchmarks Switchboard and the Node reference server (loadtest/reference, a BASELINE) side by side
# on this machine, load generator included, and writes docs/benchmarks.md.
#   loadtest/bench.sh            # everything (about 40 minutes)
#   QUICK=1 loadtest/bench.sh    # smaller and shorter, to try the script
#   REPEAT=5 loadtest/bench.sh   # the steady cases in five pairs instead of three
# Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out="$top/loadtest/target/bench"
mkdir -p "$out"

. "$here/bench-lib.sh"
build_all

if [ -n "${QUICK:-}" ]; then S=5; U1=200; U4=400; UIDLE=1000; WARM=5; R=2; else S=30; U1=1000; U4=4000; UIDLE=10000; WARM=15; R=3; fi
REPEAT=${REPEAT:-$R}
# kept with the results, so that bench_report.py can write the page again from them alone
python3 -c 'import json, os; print(json.dumps({"server": os.environ["SERVER_JVM_OPTS"],
  "loadGenerator": os.environ["LOAD_JVM_OPTS"]}))' >"$out/jvm-options.json"

# both: each case on Switchboard, then at once on the reference, so that a pair shares one window
# of the machine's speed (which drifted by up to 20% within a session: measuring all of one server's
# cases first had moved the CPU ratios from 0.90 to 1.05 between two runs of this script)
both() {
  measure switchboard "$@"
  measure reference "$@"
}

# the steady cases, which the targets are about, in REPEAT pairs each, judged on their medians: one pair
# is within the noise of the next (two runs of this script measured the 1,000-user CPU ratio at 0.84
# and 1.02, the 4,000-user one at 1.03 and 0.81). Run n > 1 of a case is kept as CASE.n.
run_name() { if [ "$2" -eq 1 ]; then echo "$1"; else echo "$1.$2"; fi; }
rm -rf "$out"/*-steady-*
for n in $(seq 1 "$REPEAT"); do
  both "$(run_name steady-1k "$n")" --scenario steady --users "$U1" --ramp 10s --duration "${S}s" --delay-ms 50 --tokens 40
done
for n in $(seq 1 "$REPEAT"); do
  both "$(run_name steady-4k "$n")" --scenario steady --users "$U4" --ramp 20s --duration "${S}s" --delay-ms 50 --tokens 40
done
# the kernel's floor right after the steady-4k pairs, in the same window: loopback TCP alone at that rate,
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
