#!/bin/sh
# bench_server.sh - load test of the HTTP service with wrk: single-name
# screens per second and latency percentiles over all bundled lists, then
# an overload run (connections beyond the admission limit) that must be
# answered 503 + Retry-After, and a check that the server recovers.
#
# Usage: sh bench/bench_server.sh [BUILD_DIR] [SECONDS]
# Targets (issue 5): >= 20,000 screens/s on 2 cores, p99 < 5 ms.
# Besides wall-clock figures it prints the CPU time the server process
# (all its threads: workers and the audit writer) and wrk spent per request,
# which other load on the machine disturbs much less than requests/s.
# Needs wrk (Debian package `wrk`); installed here only when running as
# root, otherwise the benchmark is skipped.
set -eu
build=${1:-build}
secs=${2:-10}
cd "$(dirname "$0")/.."
emb=$build/embargo

if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 || true
    fi
fi
if ! command -v wrk >/dev/null 2>&1; then
    echo "bench_server: SKIP: wrk is not installed (apt install wrk)"
    exit 0
fi
if ! "$emb" serve --help >/dev/null 2>&1; then
    echo "bench_server: SKIP: $emb has no serve command"
    exit 0
fi

tmp=$(mktemp -d /tmp/embargo-bench-XXXXXX)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
db=$tmp/bench.db
for d in data/lists/*/; do
    "$emb" --db "$db" lists import "$d" >/dev/null
done

# Queries: listed names (hits) and their variants, mixed with names that
# are not listed, so that the candidate index does real work.
awk -F'"' 'NF > 2 && $2 != "" { print $2 }' data/lists/ofac_sdn_2023-12-28/sdn.csv |
    head -3000 > "$tmp/listed"
awk 'NR % 3 == 0 { n = split($0, w, " "); s = ""; for (i = n; i >= 1; i--) s = s w[i] " "; print s }' \
    "$tmp/listed" > "$tmp/reordered"
for a in Anna Boris Carlos Dmitri Elena Farid Grace Hiroshi Ivan Jamal; do
    for b in Smith Ivanov Garcia Tanaka Kowalski Haddad Okafor Silva Novak Chen; do
        echo "$a $b Trading Company"
        echo "$b $a"
    done
done > "$tmp/unlisted"
cat "$tmp/listed" "$tmp/reordered" "$tmp/unlisted" | grep -v '^ *$' > "$tmp/names"

cat > "$tmp/screen.lua" <<'LUA'
local names = {}
local i = 0
local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c)) end))
end
-- requests are formatted once, so that wrk spends its share of the
-- two cores on sending them rather than on building strings
init = function(args)
  for line in io.lines(args[1]) do
    names[#names + 1] = wrk.format("GET", "/v1/screen?name=" .. enc(line))
  end
  i = math.random(#names)
end
request = function()
  i = i % #names + 1
  return names[i]
end
LUA

port=$((20000 + $$ % 20000))
start_server() {
    "$emb" --db "$db" serve --listen "127.0.0.1:$port" --quiet "$@" \
        >"$tmp/serve.out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "bench_server: the server did not start:" >&2
    cat "$tmp/serve.out" >&2
    exit 1
}
stop_server() {
    kill -TERM "$pid"
    wait "$pid" || true
    pid=
}

# CPU seconds (user + system) the server has used so far; empty without
# /proc.
server_cpu() {
    [ -r "/proc/$pid/stat" ] || return 0
    # Fields after the parenthesised command name: utime is the 12th.
    sed 's/^.*) //' "/proc/$pid/stat" |
        awk -v t="$(getconf CLK_TCK)" '{ printf "%.4f\n", ($12 + $13) / t }'
}
# CPU seconds of this shell's finished children (wrk) from the output of
# `times` in FILE; `times` must run in this shell itself (not in $(...),
# a subshell) to see them.
children_cpu() {
    awk 'NR == 2 {
        s = 0
        for (i = 1; i <= 2; i++) {
            split($i, p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2]
        }
        printf "%.4f\n", s
    }' "$1"
}
# Microseconds per request from two CPU readings and a request count.
per_req() {
    awk -v a="$1" -v b="$2" -v n="$3" \
        'BEGIN { if (a == "" || b == "" || n + 0 == 0) print "n/a";
                 else printf "%.1f\n", (b - a) * 1e6 / n }'
}

cores=$(nproc)
echo "bench_server: $(wc -l < "$tmp/names") distinct queries, $cores cores, ${secs}s per run"
start_server
curl -sf "http://127.0.0.1:$port/healthz"
echo
# Warm up, then measure.
wrk -t2 -c16 -d2s -s "$tmp/screen.lua" "http://127.0.0.1:$port" -- "$tmp/names" >/dev/null
for c in 16 64; do
    s0=$(server_cpu)
    times > "$tmp/times0"
    wrk -t2 -c$c -d${secs}s --latency -s "$tmp/screen.lua" \
        "http://127.0.0.1:$port" -- "$tmp/names" > "$tmp/wrk.out"
    s1=$(server_cpu)
    times > "$tmp/times1"
    n=$(awk '/ requests in / { print $1 }' "$tmp/wrk.out")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$tmp/wrk.out")
    p50=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.out")
    p99=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.out")
    errs=$(awk '/Non-2xx/ { print $NF }' "$tmp/wrk.out")
    echo "single-name screens: $c connections: $rps req/s, p50 $p50, p99 $p99, non-2xx ${errs:-0}"
    echo "  CPU per request: server $(per_req "$s0" "$s1" "$n") us, wrk $(per_req "$(children_cpu "$tmp/times0")" "$(children_cpu "$tmp/times1")" "$n") us ($n requests)"
done
stop_server

# Overload: twice as many connections as the server admits.
start_server --max-conns 64
wrk -t2 -c128 -d${secs}s -s "$tmp/screen.lua" "http://127.0.0.1:$port" \
    -- "$tmp/names" > "$tmp/wrk.out" || true
rps=$(awk '/^Requests\/sec/ { print $2 }' "$tmp/wrk.out")
shed=$(awk '/Non-2xx/ { print $NF }' "$tmp/wrk.out")
retry=$(curl -s -o /dev/null -D - "http://127.0.0.1:$port/metrics" | tr -d '\r' | head -1)
echo "overload (128 connections, admits 64): $rps req/s answered, ${shed:-0} answered 503 + Retry-After"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/screen?name=Huawei")
echo "after the overload: GET /v1/screen -> $code ($retry on /metrics)"
[ "$code" = 200 ] || { echo "bench_server: the server did not recover" >&2; exit 1; }
shed_total=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^embargo_requests_shed_total/ { print $2 }')
echo "embargo_requests_shed_total $shed_total"
stop_server
