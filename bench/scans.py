#!/usr/bin/env python3
"""daftar's deskew angle and crop beside ImageMagick's and unpaper's on the real
scans of the shared corpus (unpaper, OCRmyPDF, Leptonica, Tesseract, scikit-image
test data). Angles are the content's counter-clockwise skew in degrees; unpaper's
0.00 means it found no skew. A spread that daftar splits shows its left and right
pages' angles (the others measure the scan whole). Scans where daftar and another
tool disagree by more than 0.5 degrees are flagged, and daftar's and ImageMagick's
results are rendered to the output folder so a person can look.

    scans.py DAFTAR_BINARY CORPUS_SCANS_DIR OUT_DIR
"""
import json
import math
import os
import re
import sqlite3
import subprocess
import sys

daftar, corpus, out = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
files = sorted(os.path.join(root, name)
               for root, dirs, names in os.walk(corpus) if "golden" not in root
               for name in names if name.lower().endswith((".png", ".jpg", ".jpeg", ".tif", ".tiff")))

archive = os.path.join(out, "scans.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(archive + suffix):
        os.remove(archive + suffix)
subprocess.run([daftar, "init", "--archive", archive], check=True, capture_output=True)
subprocess.run([daftar, "import", "--archive", archive] + files, capture_output=True)

db = sqlite3.connect(archive)
ours = {}
for page_id, path, index, steps, width, height in db.execute(
        "SELECT page.id, source.path, page.page_index, page.normalization, page.width, page.height "
        "FROM page JOIN source ON source.id = page.source_id ORDER BY page.id"):
    if index != 0:
        continue
    records = {step["operation"]: step for step in json.loads(steps)}
    deskew = records.get("deskew", {"applied": False, "parameters": {}})
    crop = records.get("crop-border", {"applied": False, "parameters": {}})
    box = crop["parameters"]
    ours.setdefault(path, []).append({
        "id": page_id, "size": f"{width}x{height}",
        "angle": deskew["parameters"].get("degrees", 0.0) if deskew["applied"] else 0.0,
        "confidence": deskew["parameters"].get("confidence", 0.0),
        "crop": f"{int(box['width'])}x{int(box['height'])}+{int(box['x'])}+{int(box['y'])}" if crop["applied"] else "-",
    })


def magick(path):
    angle = subprocess.run(["convert", path + "[0]", "-deskew", "40%", "-format", "%[deskew:angle]", "info:"],
                           capture_output=True, text=True).stdout.strip()
    trim = subprocess.run(["convert", path + "[0]", "-colorspace", "gray", "-fuzz", "25%", "-trim", "-format", "%@", "info:"],
                          capture_output=True, text=True).stdout.strip()
    return (float(angle) if angle else float("nan")), trim or "-"


def unpaper(path):
    pgm = os.path.join(out, "unpaper-in.pgm")
    subprocess.run(["convert", path + "[0]", "-colorspace", "gray", pgm], check=True, capture_output=True)
    result = subprocess.run(["unpaper", "-v", "--overwrite", pgm, os.path.join(out, "unpaper-out.pgm")],
                            capture_output=True, text=True)
    text = result.stdout + result.stderr
    rotation = re.findall(r"^rotate \([^)]*\): (-?[\d.]+)", text, re.M)
    masks = re.findall(r"^auto-masking \([^)]*\): (\d+),(\d+),(\d+),(\d+)\s*$", text, re.M)
    # unpaper reports radians, for the rotation it applies (clockwise positive): the content's skew is its negative.
    angle = -math.degrees(float(rotation[-1])) if rotation else float("nan")
    mask = "-"
    if masks:
        x0, y0, x1, y1 = map(int, masks[-1])
        mask = f"{x1 - x0 + 1}x{y1 - y0 + 1}+{x0}+{y0}"
    return angle, mask


rows = []
for path in files:
    name = os.path.relpath(path, corpus)
    parts = ours.get(path)
    im_angle, im_trim = magick(path)
    up_angle, up_mask = unpaper(path)
    if parts is None:
        rows.append((name, "-", "rejected", "", im_angle, up_angle, "-", im_trim, up_mask, ""))
        continue
    mine = parts[0]
    if len(parts) > 1:
        rows.append((name, mine["size"], " / ".join(f"{p['angle']:+.2f}" for p in parts), "spread",
                     im_angle, up_angle, " / ".join(p["crop"] for p in parts), im_trim, up_mask, "split"))
        continue
    flag = ""
    if abs(mine["angle"] - im_angle) > 0.5 or (abs(up_angle) > 0.005 and abs(mine["angle"] - up_angle) > 0.5):
        flag = "DISAGREE"
    rows.append((name, mine["size"], f"{mine['angle']:+.2f}", f"({mine['confidence']:.2f})", im_angle, up_angle,
                 mine["crop"], im_trim, up_mask, flag))
    if flag:
        stem = os.path.splitext(os.path.basename(path))[0]
        subprocess.run([daftar, "export", "page", str(mine["id"]), "--access", "--archive", archive, "--force",
                        "-o", os.path.join(out, f"{stem}-daftar.jpg")], capture_output=True)
        subprocess.run(["convert", path + "[0]", "-deskew", "40%", "-colorspace", "gray",
                        os.path.join(out, f"{stem}-magick.png")], capture_output=True)

header = ("scan", "size", "daftar°", "(conf)", "magick°", "unpaper°", "daftar crop", "magick trim", "unpaper mask", "")
print("  ".join(f"{h:<{w}}" for h, w in zip(header, (34, 10, 15, 7, 8, 9, 20, 20, 20, 8))))
for row in rows:
    name, size, angle, confidence, im_angle, up_angle, crop, trim, mask, flag = row
    print("  ".join([f"{name:<34}", f"{size:<10}", f"{angle:<15}", f"{confidence:<7}", f"{im_angle:<+8.2f}",
                     f"{up_angle:<+9.2f}", f"{crop:<20}", f"{trim:<20}", f"{mask:<20}", flag]))
print(f"\n{sum(1 for r in rows if r[-1] == 'DISAGREE')} of {len(rows)} scans where daftar and another tool differ "
      f"by more than 0.5°, {sum(1 for r in rows if r[-1] == 'split')} split as spreads; "
      f"renders in {out}/ (NAME-daftar.jpg, NAME-magick.png)")
