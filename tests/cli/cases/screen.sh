# Name screening from the command line: scripts, explanations, batch.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists"

expect_status 0 "$EMB" --db "$DB" screen "Hikvision Digital Technology"
expect_out '^ 1\. 0\.[89][0-9]  us_ofac_cons:30946  HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.'
expect_out 'hikvision=hikvision \(exact\)'
expect_out 'also us_csl:30946'
# The listed "DIGITAL TECHNOLOGIES" LLC lacks the query's rarest word.
expect_out 'Technology": 1 hit at or above 0.75'

expect_status 0 "$EMB" --db "$DB" screen "华为技术有限公司"
expect_out '^ 1\. 1\.00  us_ofac_cons:30947  HUAWEI TECHNOLOGIES CO., LTD.'

expect_status 0 "$EMB" --db "$DB" screen "김정은" --type person
expect_out '^ 1\. 1\.00  us_ofac_sdn:20157  KIM, Jong Un'

# Katakana, compared by its consonants; a Korean name in characters read
# as Korean too.
expect_status 0 "$EMB" --db "$DB" screen "セルゲイ・ラブロフ"
expect_out '^ 1\. 0\.90  us_ofac_sdn:35233  LAVROV, Sergei Viktorovich'
expect_out 'rabrof=lavrov \(consonants\)'
expect_status 0 "$EMB" --db "$DB" screen "金正恩"
expect_out '^ 1\. 1\.00  us_ofac_sdn:20157  KIM, Jong Un'
expect_out 'read as a Korean name'

# A Chinese name in Wade-Giles read in pinyin too.
expect_status 0 "$EMB" --db "$DB" screen "Chou Chien-shu"
expect_out '^ 1\. 1\.00  us_ofac_sdn:20566  ZHOU, Jianshu'
expect_out 'read from Wade-Giles in pinyin'
expect_out 'jianshu=jianshu \(exact\)'

expect_status 0 "$EMB" --db "$DB" screen "Zhenya Prigozhin"
expect_out '^ 1\. 0\.9[0-9]  us_ofac_sdn:21171  PRIGOZHIN, Yevgeniy Viktorovich'
expect_out 'zhenya=evgeny \(nickname\)'

expect_status 0 "$EMB" --db "$DB" screen "Владимир Путин" --type person --json
expect_out '"source_id": ?"35096"'
expect_out '"query": "Владимир Путин"'

# A shared legal form alone is no match.
expect_status 0 "$EMB" --db "$DB" screen "Acme Widgets Co., Ltd."
expect_out ': 0 hits'

expect_status 2 "$EMB" --db "$DB" screen ""
expect_status 1 "$EMB" --db "$DB" screen "x" --threshold 2

printf 'id,name,country\n1,SZ DJI Technology Co Ltd,CN\n2,"Jane Q. Nobody",US\n3,\n4,Megvii Technology\n' > "$TMP/in.csv"
expect_status 0 "$EMB" --db "$DB" screen --batch "$TMP/in.csv"
expect_count 4 '^\{"id": ?"[1-4]"'
expect_out '^\{"id": ?"1".*"source_id": ?"33111"'
expect_out '^\{"id": ?"2", ?"hits": ?\[\]\}'
expect_out '^\{"id": ?"3", ?"error"'
expect_out '^\{"id": ?"4".*"source_id": ?"33091"'
expect_err '4 rows screened'

# Identifiers: a party holding one is a hit at 1, with or without a name.
expect_status 0 "$EMB" --db "$DB" screen --id "IMO 9879727" --id CBGURUMMXXX
expect_out '^IMO 9879727, CBGURUMMXXX: 2 hits'
expect_out '^ 1\. 1\.00  us_ofac_sdn:33756  FU YUAN YU 7875'
expect_out 'identifier IMO 9879727 = Vessel Registration Identification IMO 9879727 \+1\.00'
expect_out '^ 2\. 1\.00  us_ofac_cons:18719  BANK VTB 24'
expect_out 'identifier CBGURUMMXXX = SWIFT/BIC CBGURUMM'
expect_status 0 "$EMB" --db "$DB" screen "Fu Yuan Yu 7875" --id 9879727 --json
expect_out '"identifiers": \["9879727"\]'
expect_out '"field":"identifier","result":"agrees","effect":0\.000'
# Another vessel's IMO number (valid by its check digit) counts against
# the name's hit.
expect_status 0 "$EMB" --db "$DB" screen "Fu Yuan Yu 7875" --id "IMO 9879739"
expect_out '^ 1\. 0\.80  us_ofac_sdn:33756  FU YUAN YU 7875'
expect_out 'identifier IMO 9879739 conflicts with Vessel Registration Identification IMO 9879727 -0\.20'
expect_status 2 "$EMB" --db "$DB" screen --id 12345
expect_err 'no name, and no identifier of 6 letters and digits'
printf 'id,name,identifiers\n1,,IMO 9879727\n2,,www.rdif.ru | 0x01E2919679362DFBC9EE1644BA9C6DA6D6245BB1\n3,,\n' > "$TMP/ids.csv"
expect_status 0 "$EMB" --db "$DB" screen --batch "$TMP/ids.csv" --explain
expect_out '^\{"id": ?"1".*"source_id": ?"33756".*"list_kind":"imo"'
expect_out '^\{"id": ?"2".*"source_id": ?"34036"'
expect_out '^\{"id": ?"2".*"source_id": ?"39796".*"list_kind":"crypto"'
expect_out '^\{"id": ?"3", ?"error": ?"empty name"'
echo ok
