# Bad files: a clear error naming file and line, exit 2, and the database
# exactly as it was.
. "$(dirname "$0")/../lib.sh"
set -e
expect_status 0 "$EMB" --db "$DB" lists import "$SRC/data/lists/bis_dpl_2023-11-30"
expect_status 0 "$EMB" --db "$DB" lists --json
cp "$TMP/out" "$TMP/before"

# A cut-off OFAC primary file (ends inside a quoted field).
mkdir -p "$TMP/cut"
head -c 100000 "$SRC/data/lists/ofac_cons_2025-12/cons_prim.csv" > "$TMP/cut/cons_prim.csv"
expect_status 2 "$EMB" --db "$DB" lists import "$TMP/cut"
expect_err 'cons_prim.csv:[0-9]+'
expect_err 'nothing was changed'

# A primary row with a missing column.
mkdir -p "$TMP/col"
printf '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. BNC"\r\n' > "$TMP/col/sdn.csv"
expect_status 2 "$EMB" --db "$DB" lists import "$TMP/col"
expect_err 'sdn.csv:1'

# An unknown file in a folder, next to a good one.
mkdir -p "$TMP/mixed"
cp "$SRC/data/lists/bis_dpl_2023-11-30/dpl.txt" "$TMP/mixed/"
echo "hello" > "$TMP/mixed/notes.txt"
expect_status 2 "$EMB" --db "$DB" lists import "$TMP/mixed"
expect_err 'notes.txt:1: not an official list file'

# An XML file that ends half-way.
mkdir -p "$TMP/xml"
head -c 300000 "$SRC/data/lists/un_2026-02-27/UN_consolidated.xml" > "$TMP/xml/UN.xml"
expect_status 2 "$EMB" --db "$DB" lists import "$TMP/xml"
expect_err 'UN.xml:[0-9]+'

# Wrong encoding: UTF-16 is not text the readers accept.
mkdir -p "$TMP/enc"
printf '\377\376_\000i\000d\000' > "$TMP/enc/csl.csv"
expect_status 2 "$EMB" --db "$DB" lists import "$TMP/enc"

expect_status 2 "$EMB" --db "$DB" lists import "$TMP/does-not-exist"
expect_err 'cannot open'

expect_status 0 "$EMB" --db "$DB" lists --json
cmp "$TMP/out" "$TMP/before"
echo ok
