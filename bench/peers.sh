#!/usr/bin/env bash
# daftar beside off-the-shelf pipelines on the same A4 300-dpi pages (make bench runs
# bench/run.sh first, which generates them). Each peer does less than daftar: no
# deskew (except ImageMagick), no crop, no light correction. Prints the median wall
# time, pages per second and peak RSS over RUNS runs, and daftar's ratio to each.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release
OUT=bench/out
RUNS=${RUNS:-3}
PAGES=${PEER_PAGES:-100}
MAGICK_PAGES=${MAGICK_PAGES:-10}

[ -d "$OUT/pages" ] || { echo "run bench/run.sh first (it generates the pages)" >&2; exit 1; }
mapfile -t files < <(ls "$OUT/pages"/bench-* | sort | head -n "$PAGES")
mapfile -t magick_files < <(printf '%s\n' "${files[@]}" | head -n "$MAGICK_PAGES")
batch="$OUT/peer-batch"
rm -rf "$batch"; mkdir -p "$batch"
for f in "${files[@]}"; do ln -f "$f" "$batch/"; done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

measure() {  # name pages command...
  local name=$1 pages=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$OUT/peer-time.txt" "$@" > /dev/null
  echo "$(cat "$OUT/peer-time.txt") $pages" >> "$OUT/peer-$name"
}

rm -f "$OUT"/peer-daftar "$OUT"/peer-pillow "$OUT"/peer-vips "$OUT"/peer-magick
for run in $(seq "$RUNS"); do
  archive="$OUT/peer-daftar.sqlite"; fresh "$archive"
  "$BIN/daftar" init --archive "$archive" > /dev/null
  measure daftar "${#files[@]}" "$BIN/daftar" import "$batch" --archive "$archive"
  archive="$OUT/peer-pillow.sqlite"; fresh "$archive"
  measure pillow "${#files[@]}" python3 bench/peers.py pillow "$archive" "${files[@]}"
  archive="$OUT/peer-vips.sqlite"; fresh "$archive"
  measure vips "${#files[@]}" python3 bench/peers.py vips "$archive" "${files[@]}"
done
archive="$OUT/peer-magick.sqlite"; fresh "$archive"
measure magick "${#magick_files[@]}" python3 bench/peers.py magick "$archive" "${magick_files[@]}"

rate() { awk '{print $3 / $1}' "$OUT/peer-$1" | median; }
daftar_rate=$(rate daftar)
printf '\n%-34s %-6s %-5s %-10s %-10s %-9s %s\n' pipeline pages runs "median s" "pages/s" "RSS MiB" "daftar ratio"
for name in daftar pillow vips magick; do
  file="$OUT/peer-$name"
  label=$name
  case $name in
    daftar) label="daftar (full pipeline)";;
    pillow) label="Pillow, one process per core";;
    vips) label="pyvips (libvips), streaming";;
    magick) label="ImageMagick -deskew, per core";;
  esac
  seconds=$(awk '{print $1}' "$file" | median)
  rss=$(awk '{print $2 / 1024}' "$file" | median)
  pages=$(awk 'NR==1 {print $3}' "$file")
  runs=$(wc -l < "$file")
  r=$(rate "$name")
  ratio=$(awk -v a="$daftar_rate" -v b="$r" 'BEGIN {printf "%.2f", a / b}')
  printf '%-34s %-6s %-5s %-10s %-10.2f %-9.0f %s\n' "$label" "$pages" "$runs" "$seconds" "$r" "$rss" "$ratio"
done
echo
echo "daftar: decode, orient, gray, deskew, light, crop, levels, access JPEG, thumbnail, hashes, SQLite."
echo "peers:  decode, gray, access JPEG, thumbnail, SHA-256, SQLite (ImageMagick also deskews)."
