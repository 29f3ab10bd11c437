#!/bin/sh
# `make run`: load the bundled lists into the database on first start (or
# when the bundled files changed), show what is loaded, and an example.
# Usage: scripts/run.sh EMBARGO_BINARY DB_PATH LISTEN_ADDRESS
set -eu
bin=$1
db=$2
listen=$3
cd "$(dirname "$0")/.."

echo "== loading the bundled lists (data/lists) into $db"
"$bin" --db "$db" lists import data/lists
echo
echo "== lists in force"
"$bin" --db "$db" lists
echo
echo "== example: embargo show us_ofac_cons:33111"
"$bin" --db "$db" show us_ofac_cons:33111
