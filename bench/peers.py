#!/usr/bin/env python3
"""Off-the-shelf import pipelines for the benchmark, each doing less than daftar
(no deskew except ImageMagick's, no crop, no light correction): decode, gray,
access JPEG q85, 256-px thumbnail q80, SHA-256 of the original, and one SQLite
transaction per file (WAL, synchronous=FULL, as daftar) storing the original,
the access copy and the thumbnail.

    peers.py pillow|vips|magick ARCHIVE FILE...
"""
import hashlib
import io
import multiprocessing
import os
import sqlite3
import subprocess
import sys


def open_archive(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS blob (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)")
    db.execute("CREATE TABLE IF NOT EXISTS page (path TEXT, original TEXT, access TEXT, thumbnail TEXT)")
    return db


def store(db, path, original, access, thumbnail):
    hashes = [hashlib.sha256(b).hexdigest() for b in (original, access, thumbnail)]
    db.execute("BEGIN IMMEDIATE")
    for digest, data in zip(hashes, (original, access, thumbnail)):
        db.execute("INSERT OR IGNORE INTO blob VALUES (?, ?)", (digest, data))
    db.execute("INSERT INTO page VALUES (?, ?, ?, ?)", (path, *hashes))
    db.execute("COMMIT")


def pillow_page(path):
    from PIL import Image
    with open(path, "rb") as f:
        original = f.read()
    image = Image.open(io.BytesIO(original))
    gray = image.convert("L")
    access = io.BytesIO()
    gray.save(access, "JPEG", quality=85)
    gray.thumbnail((256, 256))
    thumbnail = io.BytesIO()
    gray.save(thumbnail, "JPEG", quality=80)
    return path, original, access.getvalue(), thumbnail.getvalue()


def vips_page(path):
    import pyvips
    with open(path, "rb") as f:
        original = f.read()
    image = pyvips.Image.new_from_buffer(original, "", access="sequential")
    gray = image.colourspace("b-w") if image.bands > 1 else image
    if gray.format != "uchar":
        gray = gray.colourspace("b-w").cast("uchar") if gray.interpretation != "grey16" else (gray / 257).cast("uchar")
    access = gray.jpegsave_buffer(Q=85)
    thumbnail = pyvips.Image.thumbnail_buffer(original, 256).colourspace("b-w")
    if thumbnail.format != "uchar":
        thumbnail = (thumbnail / 257).cast("uchar")
    return path, original, access, thumbnail.jpegsave_buffer(Q=80)


def magick_page(path):
    with open(path, "rb") as f:
        original = f.read()
    access = subprocess.run(["convert", path, "-deskew", "40%", "-colorspace", "Gray", "-quality", "85", "jpg:-"],
                            check=True, capture_output=True).stdout
    thumbnail = subprocess.run(["convert", "jpg:-", "-thumbnail", "256x256", "-quality", "80", "jpg:-"],
                               input=access, check=True, capture_output=True).stdout
    return path, original, access, thumbnail


def main():
    kind, archive, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    db = open_archive(archive)
    if kind == "vips":
        # libvips streams one image at a time and spreads each over its own thread pool.
        for result in map(vips_page, files):
            store(db, *result)
    else:
        work = {"pillow": pillow_page, "magick": magick_page}[kind]
        # One process per core; the parent is the single writer, as in daftar.
        with multiprocessing.Pool(os.cpu_count()) as pool:
            for result in pool.imap(work, files, chunksize=1):
                store(db, *result)
    count = db.execute("SELECT COUNT(*) FROM page").fetchone()[0]
    if count != len(files):
        sys.exit(f"{kind}: stored {count} of {len(files)} pages")


if __name__ == "__main__":
    main()
