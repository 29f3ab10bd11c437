# service.sh - `embargo lists update`, `embargo audit verify` and `embargo
# serve` from the command line: an update from a local folder raises the
# alerts of a watched book, the audit chain verifies and a tampered entry
# is found, serve starts, answers and stops on SIGTERM, and serve refuses
# to start on a security master or fund holdings file it cannot read.
. "$(dirname "$0")/../lib.sh"

if ! "$EMB" audit --help >/dev/null 2>&1; then
    echo "SKIP: this embargo has no audit/serve/update commands yet"
    exit 0
fi

expect_status 0 "$EMB" --db "$DB" lists update --from "$SRC/tests/data/lists/ofac_cons_2025-04"
expect_out "us_ofac_cons +v1 .* 443 records"
expect_status 0 "$EMB" --db "$DB" audit verify
expect_out "audit log intact: 1 entries"
expect_status 0 "$EMB" --db "$DB" audit list
expect_out '"action":"import"'
expect_out '"who":"cli:'
expect_status 1 "$EMB" --db "$DB" lists update
expect_err "needs --from"
expect_status 2 "$EMB" --db "$DB" lists update --from "$SRC/no/such/folder"

# serve: starts on a free port, answers, stops on SIGTERM.
"$EMB" --db "$DB" serve --listen 127.0.0.1:0 --token t0ken --quiet >"$TMP/serve.out" 2>"$TMP/serve.err" &
pid=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.out" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: serve printed no address" >&2; cat "$TMP/serve.err" >&2; exit 1; }
code=$(curl -s -o "$TMP/h.json" -w '%{http_code}' "http://127.0.0.1:$port/healthz")
[ "$code" = 200 ] || { echo "FAIL: healthz $code" >&2; exit 1; }
grep -q '"list_versions":"us_ofac_cons:1"' "$TMP/h.json" || { echo "FAIL: healthz body" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d '{"path":"/x"}' "http://127.0.0.1:$port/v1/lists/import")
[ "$code" = 401 ] || { echo "FAIL: import without token: $code" >&2; exit 1; }
kill -TERM "$pid"
wait "$pid" || { echo "FAIL: serve exited non-zero" >&2; exit 1; }
grep -q "SIGTERM received" "$TMP/serve.err" || { echo "FAIL: no graceful stop message" >&2; exit 1; }

# serve --secmaster: a file that cannot be read stops the start, named.
expect_status 2 "$EMB" --db "$DB" serve --listen 127.0.0.1:0 --token t0ken --quiet --secmaster "$SRC/no/such/secmaster.csv"
expect_err "security master: .*/no/such/secmaster.csv: No such file"
expect_status 2 "$EMB" --db "$DB" serve --listen 127.0.0.1:0 --token t0ken --quiet --secmaster "$SRC/tests/rules/data/secmaster.csv" --holdings "$SRC/tests/rules/data/orders.csv"
expect_err "fund holdings: .*orders.csv:1"

# Tampering shows: edit an entry behind the triggers' back.
expect_status 0 "$EMB" --db "$DB" audit verify
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$DB" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET who = 'mallory' WHERE seq = 1;"
    expect_status 2 "$EMB" --db "$DB" audit verify
    expect_out "BROKEN at entry 1"
fi
echo "ok"
