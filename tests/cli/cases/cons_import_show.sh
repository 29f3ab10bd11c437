# Importing the NS-CMIC (Non-SDN) set and showing DJI and China Telecom.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists/ofac_cons_2025-12"
expect_out '^us_ofac_cons +v1 +ofac_csv .* 442 records +imported'

expect_status 0 "$EMB" --db "$DB" show us_ofac_cons:33111 --json
expect_out '"value": "914403007954257495"'
expect_out '"listing": "2021-12-16"'
expect_out '"effective": "2022-02-14"'
expect_out '"divestment": "2022-12-16"'

expect_status 0 "$EMB" --db "$DB" show us_ofac_cons:30882 --json
expect_count 5 '"kind": "isin"'
expect_count 7 '"kind": "ticker"'

expect_status 0 "$EMB" --db "$DB" show us_ofac_cons:33111
expect_out '^us_ofac_cons:33111  SZ DJI TECHNOLOGY CO., LTD.'
expect_out 'NS-CMIC +listed 2021-12-16, effective 2022-02-14, divestment 2022-12-16'

# Identical files again: a no-op.
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists/ofac_cons_2025-12"
expect_out 'v1 .*unchanged'
expect_status 0 "$EMB" --db "$DB" lists --json
expect_count 1 '"source": "us_ofac_cons"'

expect_status 3 "$EMB" --db "$DB" show us_ofac_cons:1
expect_err 'no such record'
expect_status 1 "$EMB" --db "$DB" show 33111
echo ok
