#!/usr/bin/env bash
# Search benchmark (make bench-search): synthetic civil-registry records with
# realistic Tajik and Russian names in mixed scripts and planted variants
# (cross-script spellings, typos, acts entered twice), loaded with
# `daftar records import`, then searched and scanned for duplicates.
# Prints load time, archive growth per record, in-process search latency
# (p50/p95 over the planted queries), recall in the top 10, the duplicate scan's
# time, precision and recall, and the time of whole `daftar search` runs.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release
OUT=bench/out/search
RECORDS=${RECORDS:-1000000}
QUERIES=${QUERIES:-1000}
CLI_RUNS=${CLI_RUNS:-20}

rm -rf "$OUT"
mkdir -p "$OUT"
echo "generating $RECORDS records and $QUERIES queries ..."
"$BIN/daftar-searchbench" generate "$OUT/data" --records "$RECORDS" --queries "$QUERIES"

archive="$OUT/archive.sqlite"
"$BIN/daftar" init --archive "$archive" > /dev/null
empty=$(stat -c %s "$archive")
/usr/bin/time -f "%e %M" -o "$OUT/load.txt" "$BIN/daftar" records import "$OUT/data/records.jsonl" --archive "$archive" > /dev/null
sqlite3 "$archive" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
size=$(stat -c %s "$archive")
read -r load_seconds load_rss < "$OUT/load.txt"
echo "load: $load_seconds s, peak RSS $((load_rss / 1024)) MiB, archive growth $(( (size - empty) / RECORDS )) bytes per record"

"$BIN/daftar-searchbench" measure "$archive" "$OUT/data/truth.json" | tee "$OUT/measure.json"

# Whole command runs (process start, archive open, search, output), medians of several.
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
python3 - "$OUT/data/truth.json" "$CLI_RUNS" > "$OUT/cli-queries.txt" <<'PY'
import json, sys
truth = json.load(open(sys.argv[1]))
for query in truth["queries"][: int(sys.argv[2])]:
    print(" ".join(query["words"]))
PY
: > "$OUT/cli-times.txt"
while read -r query; do
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$BIN/daftar" search $query --limit 10 --archive "$archive" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 )) >> "$OUT/cli-times.txt"
done < "$OUT/cli-queries.txt"
echo "daftar search (whole run, $CLI_RUNS queries): median $(median < "$OUT/cli-times.txt") ms, max $(sort -n "$OUT/cli-times.txt" | tail -1) ms"
