#!/usr/bin/env bash
# Load benchmark for `accord serve`: wrk against POST /v1/decide and, side by side on the same
# server, the trivial GET /v1/health, interleaved (health, decide, health, decide, …) so that a
# machine's drift hits both alike. Prints each run and the medians, and the ratio the issue sets
# a target for (decide at least half of health, p99 under 5 ms).
#
#   Benchmarks/server-load.sh [--runs N] [--seconds S] [--connections C] [-- extra serve options]
#
# Needs a release build (`swift build -c release --product accord`) and wrk (Debian: wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=3 SECONDS_EACH=5 CONNECTIONS=16 PORT=18181
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
ACCORD=$(swift build -c release --show-bin-path)/accord
[ -x "$ACCORD" ] || { echo "build first: swift build -c release --product accord" >&2; exit 1; }
command -v wrk > /dev/null || { echo "wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
DIR=$(mktemp -d)
"$ACCORD" serve --port "$PORT" --quiet --db "$DIR/bench.sqlite" "$@" > "$DIR/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2> /dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/v1/health" > /dev/null && break; sleep 0.1; done
cat > "$DIR/decide.lua" <<LUA
wrk.method = "POST"
wrk.body = [[$(tr -d '\n' < examples/nj-jail-hold.json)]]
wrk.headers["Content-Type"] = "application/json"
LUA
run() {  # run NAME URL [script]: one wrk run, "NAME requests/s p99"
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency ${3:+-s "$3"} "$2")
  echo "$1 $(echo "$out" | awk '/Requests\/sec/{print $2}') $(echo "$out" | awk '/ 99%/{print $2}')"
}
for _ in $(seq 1 "$RUNS"); do
  run health "http://127.0.0.1:$PORT/v1/health"
  run decide "http://127.0.0.1:$PORT/v1/decide" "$DIR/decide.lua"
done > "$DIR/runs.txt"
cat "$DIR/runs.txt"
python3 - "$DIR/runs.txt" "$CONNECTIONS" "$*" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
def ms(p):  # wrk prints 850.00us, 3.21ms, 1.02s
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if p.endswith(unit): return float(p[: -len(unit)]) * f
rps = {k: statistics.median(float(r[1]) for r in runs if r[0] == k) for k in ("health", "decide")}
p99 = {k: max(ms(r[2]) for r in runs if r[0] == k) for k in ("health", "decide")}
print(f"connections {sys.argv[2]}, serve options [{sys.argv[3]}]")
print(f"GET /v1/health: median {rps['health']:,.0f} requests/s, worst p99 {p99['health']:.2f} ms")
print(f"POST /v1/decide: median {rps['decide']:,.0f} requests/s, worst p99 {p99['decide']:.2f} ms")
print(f"decide / health: {rps['decide'] / rps['health']:.2f} (target 0.50); decide p99 under 5 ms: {'yes' if p99['decide'] < 5 else 'NO'}")
PY
"$ACCORD" log verify --db "$DIR/bench.sqlite"
