#!/usr/bin/env bash
# Import benchmark (make bench): synthetic A4 300-dpi ledger pages, imported
# in batches of 20 and 100 pages into fresh archives, several runs each.
# Prints the median pages per second and the median peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release
OUT=bench/out
RUNS=${RUNS:-3}
SIZES=${SIZES:-"20 100 200"}
KINDS=tiff-lzw,tiff-g4,tiff-16,jpeg,png

rm -rf "$OUT"
mkdir -p "$OUT"
largest=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
echo "generating $largest A4 300-dpi pages ($KINDS) ..."
"$BIN/daftar-samplegen" "$OUT/pages" --count "$largest" --dpi 300 --kinds "$KINDS" --seed 42 --prefix bench
du -sh "$OUT/pages" | awk '{print "input: " $1}'

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '\n%-7s %-6s %-12s %-14s %s\n' pages runs "median s" "pages/s" "peak RSS MiB (median)"
for size in $SIZES; do
  batch="$OUT/batch-$size"
  mkdir -p "$batch"
  ls "$OUT/pages" | sort | head -n "$size" | while read -r name; do ln -f "$OUT/pages/$name" "$batch/$name"; done
  : > "$OUT/times-$size"
  for run in $(seq "$RUNS"); do
    archive="$OUT/archive-$size-$run.sqlite"
    rm -f "$archive" "$archive-wal" "$archive-shm"
    "$BIN/daftar" init --archive "$archive" > /dev/null
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$BIN/daftar" import "$batch" --archive "$archive" > /dev/null
    cat "$OUT/time.txt" >> "$OUT/times-$size"
    "$BIN/daftar" pages --archive "$archive" --json > "$OUT/pages-$size.json"
    pages=$(grep -o '"id"' "$OUT/pages-$size.json" | wc -l)
    [ "$pages" -eq "$size" ] || { echo "expected $size pages, archive has $pages" >&2; exit 1; }
    rm -f "$archive" "$archive-wal" "$archive-shm"
  done
  seconds=$(awk '{print $1}' "$OUT/times-$size" | median)
  rss=$(awk '{print $2 / 1024}' "$OUT/times-$size" | median)
  rate=$(awk -v n="$size" -v s="$seconds" 'BEGIN {printf "%.2f", n / s}')
  printf '%-7s %-6s %-12s %-14s %.0f\n' "$size" "$RUNS" "$seconds" "$rate" "$rss"
done
echo
echo "machine: $(nproc) cores; runs per size: $RUNS (set RUNS=N to change)"

# Deskew accuracy against the generator's known skew (largest batch).
python3 - "$OUT/pages-$largest.json" "$OUT/pages/truth.tsv" <<'PY'
import json, os, statistics, sys
pages = json.load(open(sys.argv[1]))
truth = {}
for line in open(sys.argv[2]).read().splitlines()[1:]:
    name, index, skew = line.split("\t")[:3]
    truth[(name, int(index))] = float(skew)
errors = [abs(p["skewDegrees"] - truth[(os.path.basename(p["source"]), p["pageIndex"])]) for p in pages]
print(f"deskew on {len(errors)} pages with known skew: median error {statistics.median(errors):.5f}°, "
      f"max {max(errors):.5f}°")
PY

# Fixity: `daftar verify` recomputes the SHA-256 of every stored blob (originals, access
# images, thumbnails) of the largest batch; sha256sum hashes the same bytes from files.
# Both read warm caches; medians of $RUNS runs.
archive="$OUT/verify.sqlite"
rm -f "$archive" "$archive-wal" "$archive-shm"
"$BIN/daftar" init --archive "$archive" > /dev/null
"$BIN/daftar" import "$OUT/batch-$largest" --archive "$archive" > /dev/null 2>&1
rm -rf "$OUT/blobs" && mkdir -p "$OUT/blobs"
sqlite3 "$archive" "SELECT writefile('$OUT/blobs/' || sha256, bytes) FROM blob;" > /dev/null
megabytes=$(du -sb "$OUT/blobs" | awk '{printf "%.1f", $1 / 1048576}')
: > "$OUT/verify-rates"; : > "$OUT/sha256sum-rates"
for run in $(seq "$RUNS"); do
  "$BIN/daftar" verify --archive "$archive" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["megabytesPerSecond"])' >> "$OUT/verify-rates"
  start=$(date +%s%N)
  sha256sum "$OUT"/blobs/* > /dev/null
  end=$(date +%s%N)
  awk -v mb="$megabytes" -v ns="$((end - start))" 'BEGIN {printf "%.1f\n", mb / (ns / 1e9)}' >> "$OUT/sha256sum-rates"
done
verify_rate=$(median < "$OUT/verify-rates"); sum_rate=$(median < "$OUT/sha256sum-rates")
echo "fixity over $megabytes MB of blobs: daftar verify $(printf '%.0f' "$verify_rate") MB/s," \
     "sha256sum $(printf '%.0f' "$sum_rate") MB/s (ratio $(awk -v a="$verify_rate" -v b="$sum_rate" 'BEGIN {printf "%.2f", a / b}'))"
rm -rf "$OUT/blobs" "$archive" "$archive-wal" "$archive-shm"
