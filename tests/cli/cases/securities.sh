# Securities and NS-CMIC trade decisions from the command line.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists"

expect_status 0 "$EMB" --db "$DB" security CNE100000PM8
expect_out 'COVERED by the NS-CMIC'
expect_out 'us_ofac_cons:30946  HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.'
expect_out 'prohibitions from 12:01 a.m. ET 2021-08-02; divestment until 12:01 a.m. ET 2022-06-03'

for t in "0728 HK" "0728.HK" "HKG:0728"; do
    expect_status 0 "$EMB" --db "$DB" security "$t" --json
    expect_out '"covered":true'
    expect_out '"source_id":"30882"'
done

cat > "$TMP/orders.csv" <<'CSV'
id,time,side,security,us_person,purpose,license
a,2021-08-02T00:00:59-04:00,buy,CNE100000PM8,true,,
b,2021-08-02T00:01:00-04:00,buy,CNE100000PM8,true,,
c,2022-01-05T10:00:00-05:00,sell,US1694261033,true,divestment,
d,2023-01-05T10:00:00-05:00,sell,US1694261033,true,,
e,2023-01-05T10:00:00-05:00,buy,US1694261033,false,,
f,2023-01-05T10:00:00-05:00,buy,US1694261033,unknown,,
g,not-a-time,buy,US1694261033,true,,
h,2023-01-05T10:00:00Z,buy,US0378331005,true,,
CSV
expect_status 0 "$EMB" --db "$DB" trades "$TMP/orders.csv"
expect_count 8 '^\{"id":'
expect_out '^\{"id":"a","decision":"allow"'
expect_out '^\{"id":"b","decision":"reject".*"code":"CMIC_PURCHASE_PROHIBITED"'
expect_out '^\{"id":"c","decision":"allow".*"code":"CMIC_DIVESTMENT_SALE"'
expect_out '^\{"id":"d","decision":"reject"'
expect_out '^\{"id":"e","decision":"allow"'
expect_out '^\{"id":"f","decision":"review"'
expect_out '^\{"id":"g","decision":"review"'
expect_out '^\{"id":"h","decision":"allow"'
echo ok
