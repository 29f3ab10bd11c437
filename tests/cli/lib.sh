# lib.sh - shared by the CLI cases: each case is run by CTest as
#   sh case.sh EMBARGO_BINARY SOURCE_DIR
# and fails (non-zero exit) at the first check that does not hold.
set -u
EMB=$1
SRC=$2
TMP=$(mktemp -d /tmp/embargo-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/test.db
fails=0

# expect_status WANT CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err.
expect_status() {
    want=$1; shift
    set +e
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    set -e
    if [ "$got" != "$want" ]; then
        echo "FAIL: exit $got, expected $want: $*" >&2
        sed 's/^/  stderr: /' "$TMP/err" >&2
        exit 1
    fi
}

# expect_out PATTERN: stdout matches the grep -E pattern.
expect_out() {
    if ! grep -Eq -- "$1" "$TMP/out"; then
        echo "FAIL: stdout lacks /$1/" >&2
        head -40 "$TMP/out" | sed 's/^/  out: /' >&2
        exit 1
    fi
}

# expect_err PATTERN: stderr matches.
expect_err() {
    if ! grep -Eq -- "$1" "$TMP/err"; then
        echo "FAIL: stderr lacks /$1/" >&2
        sed 's/^/  err: /' "$TMP/err" >&2
        exit 1
    fi
}

# expect_count N PATTERN: exactly N stdout lines match.
expect_count() {
    n=$(grep -Ec -- "$2" "$TMP/out" || true)
    if [ "$n" != "$1" ]; then
        echo "FAIL: $n lines match /$2/, expected $1" >&2
        exit 1
    fi
}
