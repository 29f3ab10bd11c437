# Every command answers --help, and usage errors exit 1.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --help
expect_out 'Exit status'
expect_status 0 "$EMB" lists --help
expect_out 'lists import'
expect_status 0 "$EMB" show --help
expect_out 'SOURCE:ID'
expect_status 1 "$EMB" frobnicate
expect_err "unknown command 'frobnicate'"
expect_status 1 "$EMB"
expect_status 3 "$EMB" --db "$TMP/none.db" lists
expect_err 'no database'
echo ok
