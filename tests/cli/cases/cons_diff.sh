# The 2025-04 then 2025-12 Non-SDN files: one record removed (26182), none
# added, and the changed ones listed with their fields.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/tests/data/lists/ofac_cons_2025-04"
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists/ofac_cons_2025-12"
expect_out 'us_ofac_cons +v2'
expect_status 0 "$EMB" --db "$DB" lists diff us_ofac_cons --json
expect_out '"removed": 1'
expect_out '"added": 0'
expect_count 1 '"change": "removed"'
expect_count 0 '"change": "added"'
expect_status 0 "$EMB" --db "$DB" lists diff us_ofac_cons
expect_out '^removed +26182 '
expect_out '^changed +[0-9]+ .*\[.*programs.*\]'
expect_status 0 "$EMB" --db "$DB" lists diff us_ofac_cons --from 1 --to 2
expect_out '^1 added|^0 added, 1 removed'
expect_status 3 "$EMB" --db "$DB" lists diff us_ofac_cons --from 1 --to 7
expect_status 3 "$EMB" --db "$DB" lists diff un_sc
echo ok
