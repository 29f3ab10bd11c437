#!/bin/sh
# `make run`: load the bundled lists into the database (a no-op when they
# are already there), show what is loaded and an example, then start the
# service (HTTP API and the reviewer's page) and print its address.
# Usage: scripts/run.sh EMBARGO_BINARY DB_PATH LISTEN_ADDRESS
#
# The OFAC CSV files and the CSL carry no publication date; the dates given
# here are those of the copies bundled in data/lists (data/lists/PROVENANCE.md).
set -eu
bin=$1
db=$2
listen=$3
cd "$(dirname "$0")/.."
L=data/lists

echo "== loading the bundled lists ($L) into $db"
"$bin" --db "$db" lists import $L/ofac_sdn_2023-12-28 --published 2023-12-28
"$bin" --db "$db" lists import $L/ofac_cons_2025-12 --published 2025-12-19
"$bin" --db "$db" lists import $L/trade_csl_2023-11-30 --published 2023-11-30
"$bin" --db "$db" lists import $L/un_2026-02-27 $L/bis_dpl_2023-11-30
echo
echo "== lists in force"
"$bin" --db "$db" lists
echo
echo "== example: embargo screen \"Hangzhou Hikvision Digital Tech Co\""
"$bin" --db "$db" screen "Hangzhou Hikvision Digital Tech Co"
echo
echo "== starting the service (Ctrl-C stops it)"
exec "$bin" --db "$db" serve --listen "$listen"
